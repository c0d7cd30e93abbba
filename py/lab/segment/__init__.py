"""Segment: the person apart from the background (lab.segment.model), the mask's grid (grid)."""
