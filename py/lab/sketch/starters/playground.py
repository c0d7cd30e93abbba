"""Tensors of your own: make them, combine them, reduce them, and print what TensorFlow.js gives."""
from lab.sketch.kit import Demo, tf, tidy

demo = Demo("sketch")

with tidy():                                  # every tensor made in the block is freed after it
    a = tf.tensor([[1, 2], [3, 4]])
    b = tf.tensor([[10, 20], [30, 40]])
    demo.show("a", a)                         # printed as TensorFlow.js prints it
    demo.show("b", b)
    demo.show("a + b", a.add(b))
    demo.show("a × b (element by element)", a.mul(b))
    demo.show("a · b (matrix product)", a.matMul(b))
    demo.show("b, each row scaled by a's first row (broadcasting)", b.mul(a.slice([0, 0], [1, 2])))
    demo.show("the mean of each column of b", b.mean(0))
    print("a's shape is", a.shape, "and its values are", a.tolist())
    demo.publish(add=a.add(b).tolist(), matmul=a.matMul(b).tolist(), mean=b.mean(0).tolist())

# Try: tf.linspace(0, 1, 5), a.transpose(), tf.randomNormal([2, 3]), a.square().sum()
