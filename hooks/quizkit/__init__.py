"""quizkit: load, validate and render quizzes written in YAML.

Pure Python, with no MkDocs import, so it can be tested and reused on its own.
The MkDocs hook in ``hooks/quiz.py`` only translates build events into calls here.
"""
