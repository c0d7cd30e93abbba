"""What the Layers API demo leans on: why a training diverged, and a model saved and loaded.

    from lab.layers.advice import why_diverged
    from lab.layers.saved import save_model, load_model, loss_csv
"""
