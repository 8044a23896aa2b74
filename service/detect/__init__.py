"""Detection: declared steps over a projection (:mod:`service.detect.base`),
run in order by :mod:`service.detect.pipeline`."""
