"""The domain core: periods, values, targets, aggregation, rating, direction, summaries.

Pure Python (standard library only, no Django): every face of goldenthread
(the command line, the web application, the reports) calls these rules.
"""
