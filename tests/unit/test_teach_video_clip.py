"""lab.teach.video_clip's plain checks: which files may be clips, at which times they are sampled."""

import pytest

from lab.teach.motion import MAX_CLIP_FRAMES
from lab.teach.video_clip import MAX_VIDEO_BYTES, VideoError, check_video, recording_rate, sample_times


def test_videos_the_browser_plays_pass_and_other_files_or_huge_ones_are_named_and_refused():
    check_video("wave.webm", "video/webm", 300_000)
    check_video("wave.mp4", "", 300_000)          # no type from the system: the name says it
    with pytest.raises(VideoError, match="“cat.png” is not a video \\(image/png\\): pick a video"):
        check_video("cat.png", "image/png", 1000)
    with pytest.raises(VideoError, match="“big.webm” is too big for a clip"):
        check_video("big.webm", "video/webm", MAX_VIDEO_BYTES + 1)


def test_frames_are_sampled_at_the_rate_from_the_start_and_a_long_video_is_refused():
    assert sample_times(2.0) == [i / 10 for i in range(20)]   # clips are kept at 10 a second
    assert sample_times(0.05, 10) == [0.0]            # a very short video: its first frame
    assert len(sample_times(MAX_CLIP_FRAMES / 10, 10)) == MAX_CLIP_FRAMES
    with pytest.raises(VideoError, match="it is 60.0 s long: a clip is at most 120 frames, 12 s at 10"):
        sample_times(60.0, 10)



def test_the_rate_is_the_camera_loops_within_bounds():
    assert recording_rate(0.0) == 10.0                # nothing measured yet
    assert recording_rate(3.4) == 3.0                 # a busy loop: the video as it sees motions
    assert recording_rate(1.0) == 2.0 and recording_rate(60.0) == 10.0   # clips are kept at 10
