"""The teach dataset as a file: what the lab writes it reads back, and a bad file is refused
field by field with a message (never a crash), or read with what was left out said."""

import copy
import json
import random

import pytest

from lab.teach import dataset as dataset_module
from lab.teach.dataset import MAX_SAMPLES, Dataset, DatasetError

MODEL = "efficientnet-lite0"
JPEG = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=="


def small(counts=(2, 3), dims=3, thumb=JPEG) -> Dataset:
    data = Dataset("images", MODEL, dims=dims)
    while len(data.classes) < len(counts):
        data.add_class()
    for index, count in enumerate(counts):
        for n in range(count):
            data.add_sample(index, [index, n] + [0.5] * (dims - 2), thumb=thumb)
    return data


def read(text, dims=3):
    return Dataset.from_json(text, "images", MODEL, dims)


def edited(change) -> str:
    data = small().to_dict()
    change(data)
    return json.dumps(data)


def test_the_file_is_as_long_as_size_says_and_reads_back_the_same():
    data = small()
    data.rename(1, "Cat é")  # escaped in the file: the size counts it as written
    text = data.to_json()
    assert len(text) == data.size() and json.loads(text) == data.to_dict()
    again = read(text)
    assert again.to_json() == text and again.notes == []
    assert Dataset("poses", "movenet", 34).size() == len(Dataset("poses", "movenet", 34).to_json())


def test_a_dataset_stops_growing_where_the_lab_could_no_longer_read_it_back(monkeypatch):
    limit = 4000
    monkeypatch.setattr(dataset_module, "MAX_CHARS", limit)
    data = small(counts=(0, 0))
    added = 0
    while data.add_sample(added % 2, [1.0, 2.0, float(added)], thumb=JPEG):
        added += 1
    assert 0 < added < MAX_SAMPLES
    assert "fill the" in data.room(0, 60) and "download the dataset" in data.room(0, 60)
    text = data.to_json()
    assert len(text) <= limit
    assert read(text).counts() == data.counts()  # what it keeps loads again
    with pytest.raises(DatasetError, match="too big"):
        read(text + " " * (limit - len(text) + 1))


def test_a_file_nested_thousands_deep_is_refused_before_it_is_parsed():
    for text in ("[" * 20_000 + "]" * 20_000, '{"a":' * 20_000 + "1" + "}" * 20_000):
        with pytest.raises(DatasetError, match="nests 20000 levels deep"):
            read(text)


def test_samples_of_another_model_size_are_refused_with_the_reason():
    with pytest.raises(DatasetError, match="samples have 3 numbers each, and this model makes 1280"):
        read(small().to_json(), dims=1280)
    with pytest.raises(DatasetError, match="“dims”|numbers each"):
        read(edited(lambda d: d.update(dims="3")))


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("mode"), "does not say what its samples are .*no “mode”"),
    (lambda d: d.update(mode=["images"]), "unknown kind"),
    (lambda d: d.update(version=2), "newer version"),
    (lambda d: d.pop("version"), "no version"),
    (lambda d: d.update(model=None), "another model"),
    (lambda d: d.update(classes={"a": 1}), "no list of classes"),
    (lambda d: d["classes"].append("cat"), "Class 3 in the file has no list of samples"),
    (lambda d: d["classes"][0].update(name=7), "Class 1 in the file has no name"),
    (lambda d: d["classes"][0].update(name="   "), "Class 1 in the file: A class needs a name"),
    (lambda d: d["classes"][0].update(name=""), "Class 1 in the file: A class needs a name"),
    (lambda d: d["classes"][0].update(name="cat") or d["classes"][1].update(name=" cat  "),
     "Two classes in the file are called “cat”"),
    (lambda d: d["classes"][1]["samples"][2].update(features=[1, "2", 3]),
     "Sample 3 of “Class 2” holds something other than numbers"),
    (lambda d: d["classes"][1]["samples"][0].update(features=[1, True, 3]), "other than numbers"),
    (lambda d: d["classes"][1]["samples"][0].update(features=[1, 10**400, 3]), "not finite"),
    (lambda d: d["classes"][1]["samples"][0].update(features=[1, 2]), "2 numbers where 3"),
    (lambda d: d["classes"][1]["samples"][0].pop("features"), "no list of numbers"),
    (lambda d: d["classes"][0]["samples"].append(None), "Sample 3 of “Class 1” is not a sample"),
])
def test_each_field_is_checked_and_the_message_names_it(change, message):
    with pytest.raises(DatasetError, match=message):
        read(edited(change))


def test_numbers_that_are_not_finite_are_refused():
    text = small().to_json().replace("[0.0,0.0,0.5]", "[NaN,0.0,0.5]", 1)
    with pytest.raises(DatasetError, match="not finite"):
        read(text)


def test_names_are_tidied_as_the_page_tidies_them():
    data = read(edited(lambda d: d["classes"][0].update(name="  thumbs \t up ")))
    assert data.names() == ["thumbs up", "Class 2"]


def test_what_can_be_left_out_is_and_the_notes_say_so():
    def crowd(d):
        d["classes"][0]["samples"] = [{"features": [0, n, 1], "thumb": None}
                                      for n in range(MAX_SAMPLES + 5)]
        d["classes"][1]["samples"][0]["thumb"] = "javascript:alert(1)"
        d["classes"][1]["samples"][1]["thumb"] = "data:image/svg+xml;base64,PHN2Zz4="
        d["classes"][1]["samples"][2]["thumb"] = "data:image/png;base64," + "A" * 50_000
    data = read(edited(crowd))
    assert data.counts() == [MAX_SAMPLES, 3]
    assert [s.thumb for s in data.classes[1].samples] == [None, None, None]
    assert data.notes == ["Left out, past the 2,000 samples a class holds: 5 of “Class 1”.",
                          "Left out: 3 thumbnails that were not small JPEG or PNG pictures "
                          "(their samples are kept)."]
    assert read(small(thumb="data:image/png;base64,iVBORw0KGgo=").to_json()).notes == []


def test_two_tabs_datasets_merge_without_losing_a_sample():
    mine, theirs = small((2, 1)), small((2, 1))
    mine.add_sample(0, [9, 9, 9])
    theirs.add_sample(1, [7, 7, 7])
    theirs.add_class("dog")
    theirs.add_sample(2, [5, 5, 5])
    edits = mine.edits
    assert mine.merge(theirs) == (2, 0)
    assert mine.names() == ["Class 1", "Class 2", "dog"] and mine.counts() == [3, 2, 1]
    assert mine.edits > edits
    assert mine.merge(theirs) == (0, 0)  # nothing twice


def test_equal_samples_merge_as_many_as_either_holds():
    # a still camera records equal samples: a tab's save of 3 and an unsaved copy of 5 give 5
    kept, left = small((0, 0)), small((0, 0))
    for _ in range(3):
        kept.add_sample(0, [1, 1, 1])
    for _ in range(5):
        left.add_sample(0, [1, 1, 1])
    left.add_sample(1, [2, 2, 2])
    assert kept.merge(left) == (3, 0) and kept.counts() == [5, 1]
    assert left.merge(kept) == (0, 0) and left.counts() == [5, 1]


def test_every_edit_counts():
    data = small()
    seen = [data.edits]
    for edit in (lambda: data.add_sample(0, [1, 1, 1]), lambda: data.remove_sample(0, 0),
                 lambda: data.rename(0, "a"), lambda: data.add_class(),
                 lambda: data.clear_class(1), lambda: data.remove_class(2), data.clear):
        edit()
        assert data.edits > seen[-1]
        seen.append(data.edits)


WRONG = [None, True, 0, -1, 1.5, float("nan"), 10**30, "", "x" * 300, [], [1, "a"], {}, {"a": []}]


def _mutations(rng: random.Random, value, depth=0):
    """`value` with one part (at any depth) replaced by a wrong-typed one."""
    if depth > 6 or not isinstance(value, (dict, list)) or not value or rng.random() < 0.3:
        return copy.deepcopy(rng.choice(WRONG))
    value = copy.copy(value)
    key = rng.choice(list(value)) if isinstance(value, dict) else rng.randrange(len(value))
    value[key] = _mutations(rng, value[key], depth + 1)
    return value


def test_fuzz_the_reader_only_ever_refuses_with_a_message():
    rng = random.Random(34)
    valid = small((3, 2)).to_json()
    inputs = ["", " ", "null", "[]", "{}", '"text"', "1e999", "[" * 100_000, "{" * 50,
              '{"format":' * 5_000, "x" * (dataset_module.MAX_CHARS + 1),
              '{"format":"browser-ml-lab/teach-dataset","version":1e400}']
    inputs += [valid[:rng.randrange(len(valid))] for _ in range(200)]         # cut short
    inputs += ["".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(1, 200)))
               for _ in range(200)]                                          # noise
    inputs += [valid.replace(rng.choice("[]{},:\"0.1"), rng.choice("[]{},:\"x -"), 1)
               for _ in range(200)]                                          # a character off
    data = json.loads(valid)
    inputs += [json.dumps(_mutations(rng, data)) for _ in range(600)]        # a field of another type
    read_back = 0
    for text in inputs:
        try:
            dataset = read(text)
        except DatasetError as error:
            assert str(error).strip(), text[:200]
        else:
            read_back += 1
            assert read(dataset.to_json()).to_json() == dataset.to_json()
    assert read_back > 0  # some mutations (a thumbnail, a name) still make a dataset
