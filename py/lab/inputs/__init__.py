"""Reading what the user typed in a demo's form: plain Python, no browser needed.

    from lab.inputs.forms import number, InputError
    from lab.inputs.tensor_input import parse_tensor
"""
