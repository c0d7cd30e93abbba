"""The readers of outside input only ever refuse with their own error and a message (issue 34).

The share-link reader, the model-file checks (lab.layers.model_file, as the regression and
classify demos run them) and the tensor playground's reader get random, truncated, deep, huge
and wrong-typed input. In the page, Python's JSON parser recursing thousands of levels deep
overflows the browser's stack and ends Python for the whole page, where CPython here would
raise RecursionError: `pyodide_stack` stands in for that, failing any json.loads of deeply
nested text.
"""

import copy
import json
import random

import pytest
from test_model_files import PICKED, SAVED

from lab.core.safe_json import depth
from lab.core.share import ShareError, fragment, read_fragment
from lab.inputs.forms import InputError
from lab.inputs.tensor_input import parse_tensor
from lab.layers.model_file import (
    ModelFileError,
    check_bytes,
    check_dense,
    check_layers_model,
    read_model_json,
    weight_files,
)

NAMES = ("tensors", "pose")
SEEDS = range(100)


class StackOverflow(BaseException):
    """What Pyodide does to the whole page (not an exception a reader could catch)."""


@pytest.fixture(autouse=True)
def pyodide_stack(monkeypatch):
    parse = json.loads

    def loads(text, *args, **kwargs):
        if isinstance(text, str) and depth(text) > 200:
            raise StackOverflow("json.loads of text nested beyond what the page's stack holds")
        return parse(text, *args, **kwargs)
    monkeypatch.setattr(json, "loads", loads)


def _junk(rng: random.Random):
    """A value of any JSON type, any size, oddly nested."""
    kinds = [None, True, -1, 0, 2**70, 1e308, -0.5, "", "x" * rng.randint(0, 300), [], {},
             [None], {"shape": "x"}, [[1, 2], [3]], float("nan")]
    return rng.choice(kinds)


def _mutations(rng: random.Random):
    """The demo's own model.json with one part replaced by junk, at any depth."""
    model = copy.deepcopy(SAVED)
    for _ in range(rng.randint(1, 4)):
        node = model
        for _ in range(rng.randint(1, 8)):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = rng.choice(keys)
            if isinstance(node[key], (dict, list)) and rng.random() < 0.7:
                node = node[key]
                continue
            node[key] = _junk(rng)
            break
    return json.dumps(model)


def _texts(rng: random.Random):
    whole = json.dumps(SAVED)
    yield _mutations(rng)
    yield whole[:rng.randint(0, len(whole))]                       # truncated
    cut = rng.randint(0, len(whole) - 1)
    yield whole[:cut] + chr(rng.randint(0, 0x2FF)) + whole[cut + 1:]  # one character changed
    yield "[" * rng.randint(65, 3000) + "]" * rng.randint(0, 3000)  # deep
    yield '{"a":' * rng.randint(65, 3000) + "1" + "}" * rng.randint(0, 3000)
    yield "".join(rng.choice('[]{}",:0123456789.eE-+ truefalsnul\\') for _ in range(200))
    yield json.dumps(_junk(rng))


def _model_readers(text):
    """The checks, in the order lab.layers.saved and lab.classify.model_check run them."""
    model = read_model_json(text, "regression.json")
    check_dense(model, 1, "regression.json")
    check_bytes(8, {name: 8 for name in weight_files(model, PICKED, "regression.json")}, "r.json")
    check_layers_model(model, "the file")


def test_huge_and_deep_input_is_refused_by_each_reader():
    for text in ("[" * 20_000 + "]" * 20_000, '{"a":' * 20_000 + "1" + "}" * 20_000):
        with pytest.raises(ModelFileError, match="nests 20000 levels deep"):
            _model_readers(text)
        with pytest.raises(ShareError):
            read_fragment("#code=pose." + text, NAMES)
    with pytest.raises(ModelFileError, match="too big"):
        _model_readers(" " * 10**7 + json.dumps(SAVED))
    with pytest.raises(ShareError, match="longer than"):
        read_fragment(fragment("pose", "#" * 10**6), NAMES)
    with pytest.raises(ShareError, match="longer than"):
        read_fragment("#code=pose." + "A" * 3_000_000, NAMES)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_model_file_readers_only_refuse_with_a_message(seed):
    rng = random.Random(seed)
    for text in _texts(rng):
        try:
            _model_readers(text)
        except ModelFileError as error:
            assert str(error).strip(), text[:80]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_share_link_reader_only_refuses_with_a_message(seed):
    rng = random.Random(seed)
    link = fragment("pose", "".join(rng.choice("ab\n é🌍") for _ in range(rng.randint(0, 3000))))
    cut = rng.randint(0, len(link))
    texts = [link[:cut], link[:cut] + rng.choice("!=#.%\x00é") + link[cut:],
             "#code=pose." + "A" * rng.randint(0, 5000), "#code=" + "." * rng.randint(0, 50),
             rng.choice([None, 12, b"code=pose.AAAA", ["code=pose."], 1.5])]
    texts += list(_texts(rng))
    for text in texts:
        try:
            found = read_fragment(text if not isinstance(text, str) or rng.random() < 0.5
                                  else "#code=pose." + text, NAMES)
        except ShareError as error:
            assert "link" in str(error)
        else:
            assert found is None or (found[0] in NAMES and isinstance(found[1], str))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ast reading junk such as "\\e"
@pytest.mark.parametrize("seed", range(30))
def test_the_tensor_reader_only_refuses_with_a_message(seed):
    rng = random.Random(seed)
    texts = [*_texts(rng), "[" * 20_000 + "1" + "]" * 20_000, "[[1, 2], [3, 4]" + "]" * 5000]
    for text in texts:
        try:
            parse_tensor(text, "A")
        except InputError as error:
            assert str(error).startswith("A")


def test_a_deep_tensor_is_refused_before_it_reaches_json():
    """It ended Python in the page ("Maximum call stack size exceeded")."""
    with pytest.raises(InputError, match="nests its lists too deeply"):
        parse_tensor("[" * 20_000 + "1" + "]" * 20_000, "A")
