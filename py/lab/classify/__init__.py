"""Image classification: the model (`lab.classify.model`) and what it shows (`lab.classify.view`)."""
