"""The teach demo's plain-Python parts: the dataset, its file, the kNN vote, pose features."""

import json

import pytest

from lab.pose.keypoints import normalised
from lab.teach.dataset import MAX_SAMPLES, Dataset, DatasetError
from lab.teach.knn import vote


def images(*counts) -> Dataset:
    data = Dataset("images", "efficientnet-lite0", dims=3)
    while len(data.classes) < len(counts):
        data.add_class()
    for index, count in enumerate(counts):
        for n in range(count):
            data.add_sample(index, [index, n, 1.0], thumb=None)
    return data


def test_a_new_dataset_has_two_empty_classes_and_says_what_is_missing():
    data = Dataset("images", "efficientnet-lite0", dims=3)
    assert data.names() == ["Class 1", "Class 2"]
    assert data.problem() == "“Class 1”, “Class 2” have no samples yet: record some or add photos."
    data.add_sample(0, [1, 2, 3])
    assert data.problem() == "“Class 2” has no samples yet: record some or add photos."
    data.remove_class(1)
    assert data.problem().startswith("Add a second class")
    assert data.add_class().name == "Class 2"
    assert data.add_class("Class 2").name == "Class 3"  # a name in use is not given twice


def test_renaming_keeps_names_unique_and_tidy():
    data = images(1, 1)
    data.rename(0, "  thumbs   up ")
    assert data.names()[0] == "thumbs up"
    with pytest.raises(DatasetError, match="already a class called “thumbs up”"):
        data.rename(1, "thumbs up")
    with pytest.raises(DatasetError, match="needs a name"):
        data.rename(1, "   ")


def test_samples_of_the_wrong_size_are_refused_and_a_class_has_a_limit():
    data = images(0, 0)
    with pytest.raises(DatasetError, match="2 numbers where 3"):
        data.add_sample(0, [1, 2])
    for _ in range(MAX_SAMPLES):
        assert data.add_sample(0, [0, 0, 0])
    assert not data.add_sample(0, [0, 0, 0])
    assert data.counts() == [MAX_SAMPLES, 0]


def test_the_split_holds_back_a_share_of_every_class():
    data = images(20, 7, 2)
    (train_x, train_y), (test_x, test_y) = data.split(test_share=0.15)
    assert sorted(test_y) == [0, 0, 0, 1]          # 3 of 20, 1 of 7, none of 2
    assert len(train_x) + len(test_x) == data.total() and len(train_y) == 25
    assert data.split(0.15) == data.split(0.15)     # the same every time


def test_a_dataset_file_comes_back_the_same_and_foreign_files_are_refused():
    data = images(2, 3)
    data.rename(1, "Cat")
    text = data.to_json()
    again = Dataset.from_json(text, "images", "efficientnet-lite0", 3)
    assert again.names() == ["Class 1", "Cat"] and again.counts() == [2, 3]
    assert again.to_json() == text

    poses = json.loads(text) | {"mode": "poses"}
    with pytest.raises(DatasetError, match="holds pose keypoints.*switch to “poses”"):
        Dataset.from_json(json.dumps(poses), "images", "efficientnet-lite0", 3)
    with pytest.raises(DatasetError, match="another model"):
        Dataset.from_json(text, "images", "mobilenet", 3)
    with pytest.raises(DatasetError, match="empty"):
        Dataset.from_json("  ", "images", "efficientnet-lite0", 3)
    with pytest.raises(DatasetError, match="not JSON"):
        Dataset.from_json("{oops", "images", "efficientnet-lite0", 3)
    with pytest.raises(DatasetError, match="not a teach dataset"):
        Dataset.from_json('{"a": 1}', "images", "efficientnet-lite0", 3)
    broken = json.loads(text)
    broken["classes"][0]["samples"][0]["features"] = [1]
    with pytest.raises(DatasetError, match="1 numbers where 3"):
        Dataset.from_json(json.dumps(broken), "images", "efficientnet-lite0", 3)
    del broken["classes"]
    with pytest.raises(DatasetError, match="damaged"):
        Dataset.from_json(json.dumps(broken), "images", "efficientnet-lite0", 3)


def test_the_vote_gives_each_class_its_share_and_breaks_ties_by_the_nearest():
    assert vote([1, 1, 0], 2) == pytest.approx([1 / 3, 2 / 3])
    shares = vote([0, 1], 3)                       # a tie: the nearest (class 0) wins
    assert shares[0] > shares[1] and shares[2] == 0 and sum(shares) == pytest.approx(1)
    assert vote([], 2) == [0.0, 0.0]


def test_pose_features_do_not_depend_on_where_the_person_stands_or_their_size():
    pose = {"keypoints": [{"x": 100, "y": 100, "score": 0.9}, {"x": 200, "y": 300, "score": 0.9},
                          {"x": 150, "y": 200, "score": 0.1}]}
    moved = {"keypoints": [{**p, "x": p["x"] * 2 + 50, "y": p["y"] * 2 - 30}
                           for p in pose["keypoints"]]}
    assert normalised(pose) == normalised(moved)
    assert normalised(pose)[:4] == [-0.25, -0.5, 0.25, 0.5]
    assert normalised({"keypoints": []}) == []
