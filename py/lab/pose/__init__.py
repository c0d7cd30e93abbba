"""Pose detection: the models (`lab.pose.models`) and the overlay (`lab.pose.overlay`)."""
