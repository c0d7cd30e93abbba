"""Where the camera demos' pictures come from and where they are drawn.

    from lab.media.stage import Stage   # the p5 canvas, the webcam or a photo, the frame loop
"""
