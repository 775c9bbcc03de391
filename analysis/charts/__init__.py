"""Plotly figures from the analysis frames, one module per chart family. A chart module only
draws: the frames come shaped (analysis.timegrid fills the time grid, analysis.view reads
clicks); every name in a figure is shown as text (analysis.plain).

style: colours, scales and the pieces every figure shares; overview: top actors and the tone
histogram; trends: mentions and share of voice over time; tone: tone over time with its band;
network: who appears with whom; pairs: the pair matrix and one pair over time.
"""
