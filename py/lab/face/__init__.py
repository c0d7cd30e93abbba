"""Faces: MediaPipe's face detector and face mesh (lab.face.model), as plain Python (mesh)."""
