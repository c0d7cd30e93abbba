"""Core API: tensors, the arrays TensorFlow.js computes with.

The tutorial's first lines, in Python: two tensors, added and multiplied
element by element. Then a playground for tensors of your own.
"""

from lab import Demo, tf, tidy
from lab.core.bridge import js_error_message
from lab.core.ui import element
from lab.inputs.tensor_input import InputError, check_operation, parse_tensor

demo = Demo("tensors")

# --- The tutorial -----------------------------------------------------------
with tidy():  # disposes every tensor made in this block when it ends
    a = tf.tensor([1, 2, 3, 4])
    b = tf.tensor([10, 20, 30, 40])
    total = a.add(b)
    product = a.mul(b)

    demo.show("a", a)
    demo.show("b", b)
    demo.show("a.add(b)", total)
    demo.show("a.mul(b)", product)
    demo.publish(a=a.tolist(), b=b.tolist(), add=total.tolist(), mul=product.tolist())


# --- The playground ---------------------------------------------------------
def run_playground(event=None):
    operation = element("#tensors-op").value
    output = element("#tensors-playground-output")
    try:
        values_a, shape_a = parse_tensor(element("#tensors-a").value, "A")
        values_b, shape_b = parse_tensor(element("#tensors-b").value, "B")
        check_operation(operation, shape_a, shape_b)
        with tidy():
            result = getattr(tf, operation)(tf.tensor(values_a), tf.tensor(values_b))
            values, shape, printed = result.tolist(), result.shape, str(result)
    except InputError as error:
        output.textContent = ""  # the last result is not this input's
        demo.message(str(error), "error")
        demo.publish(playground={"operation": operation, "error": str(error)})
        return
    except Exception as error:  # TensorFlow.js refused: say so in its own words
        output.textContent = ""
        text = f"TensorFlow.js could not compute {operation}: {js_error_message(error)}"
        demo.message(text, "error")
        demo.publish(playground={"operation": operation, "error": text})
        return
    demo.message("")
    output.textContent = f"tf.{operation}(A, B)  shape {shape}\n{printed}"
    demo.publish(playground={"operation": operation, "a": values_a, "b": values_b,
                             "shape": shape, "result": values})


demo.on("#tensors-run", "click", run_playground)
run_playground()
