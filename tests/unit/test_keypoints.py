"""Pose results as plain Python (lab.pose.keypoints), without a browser."""

from lab.pose.keypoints import plain_pose


def test_keypoints_come_back_in_the_frames_pixels_rounded_and_named():
    found = {"score": 0.61234, "keypoints": [
        {"name": "nose", "x": 111.04, "y": 60.52, "score": 0.98765},
        {"x": 10, "y": 20}]}
    pose = plain_pose(found, scale_x=2.0, scale_y=2.0)
    assert pose == {"score": 0.612, "keypoints": [
        {"name": "nose", "x": 222.1, "y": 121.0, "score": 0.988},
        {"name": "1", "x": 20.0, "y": 40.0, "score": 0.0}]}


def test_a_pose_without_its_own_score_gets_its_keypoints_mean():
    found = {"keypoints": [{"name": "a", "x": 0, "y": 0, "score": 0.2},
                           {"name": "b", "x": 0, "y": 0, "score": 0.6}]}
    assert plain_pose(found)["score"] == 0.4
    assert plain_pose({"keypoints": []}) == {"score": 0.0, "keypoints": []}
