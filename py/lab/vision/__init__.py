"""What the hand, face and person-mask models share (lab.vision.detector)."""
