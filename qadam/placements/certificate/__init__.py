"""A round's certificate: the canonical documents of its inputs and result, their
fingerprints, the anonymised export an outside auditor re-runs, and `--verify`."""
