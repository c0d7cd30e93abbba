"""Charts drawn in the page.

    from lab.charts.loss_chart import LossChart
"""
