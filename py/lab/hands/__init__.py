"""Hands: MediaPipe's palm detector and hand landmarks (lab.hands.model), as plain Python (keypoints)."""
