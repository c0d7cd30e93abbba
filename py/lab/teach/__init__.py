"""Teach the lab your own classes: samples from the webcam or photos, kNN and a trained head.

    from lab.teach.dataset import Dataset     # the classes and their samples (plain Python)
    from lab.teach.knn import KNN             # instant predictions, nothing to train
    from lab.teach.features import ImageFeatures, PoseFeatures   # what a sample is made of
    from lab.teach.network import Head        # a small dense network trained in the page
"""
