"""The actor registry and everything that matches it: the table (table), the world gazetteer
under it (gazetteer), what each name stands for (candidates), name patterns (patterns), the
Aho-Corasick scan (scan), the matcher (matcher), what an edit changes (change), dated roles
(roles), who is missing (discover), edits (edit) and keeping stored mentions in step (sync).

Import from the modules: sync needs the pipeline and the store, which need the matcher.
"""
