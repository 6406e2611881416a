"""``uschina render``: execute the notebooks of a render plan and build the offline HTML site.

Modules, in the order a render uses them:

- :mod:`.plan`: the render plan (``notebooks/render.yaml``) expanded into jobs (a swept view
  into one job per value);
- :mod:`.parameters`: a notebook's declared parameters and the typing of ``-p`` values;
- :mod:`.state`: fingerprints of a job's inputs, so unchanged jobs are skipped (SQLite, a row
  per job); :mod:`.deps`: the library modules a notebook imports;
- :mod:`.tasks`: a job as a plain typed record (:class:`~.tasks.Task`, :class:`~.tasks.Result`);
- :mod:`.kernels`: a kernel manager on IPC sockets, so parallel kernels never race for ports;
- :mod:`.pool`: worker processes that die with the renderer; a dead worker fails only its job;
  or :mod:`.cluster`: the same tasks on a Dask cluster (``--scheduler``);
- :mod:`.lifecycle`: parent-death signals, and the socket folders killed renders leave in /tmp;
- :mod:`.worker`: one job in a worker process: papermill, HTML export, atomic swap-in;
- :mod:`.htmlexport`: nbconvert with the offline template: the reader page (code hidden) and
  the published ``.ipynb``;
- :mod:`.reader`: one language per page, and no local paths in what is published;
- :mod:`.site`: the gallery (``index.html``, ``index.en.html``), the catalog pages and the
  notebook pages' headers, from :mod:`.gallery` (the cards), :mod:`.pages` (templates, words,
  figure descriptions, the header) and :mod:`.titles` (titles and order of the notebooks);
- :mod:`.publish_data`: the site's copy of ``data/``, validated whole, then swapped in;
- :mod:`.progress`: the progress lines;
- :mod:`.command`: the command line, tying it together.

Only :mod:`.command`, :mod:`.plan`, :mod:`.parameters`, :mod:`.state`, :mod:`.deps`,
:mod:`.lifecycle` and :mod:`.progress` run on the no-change path; they import no heavy library
(and ``import uschina`` itself loads pandas only when ``uschina.load`` and friends are used),
so a no-op render takes a fraction of a second.
"""
