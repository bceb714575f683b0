"""Rank correlation between task durations by a Gaussian copula.

A project asks for groups of tasks whose durations move together (every pair of a group
gets the group's Spearman coefficient). The requested rank correlations become Pearson
correlations of normal scores (r = 2 sin(pi rho / 6), exact for a Gaussian copula), the
matrix is repaired to the nearest valid one when the groups contradict each other, and
correlated uniforms are Phi(L z) with L its Cholesky factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Copula", "copula", "correlate"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Copula:
    """Rows (items) that are correlated, and the Cholesky factor of their normal scores."""

    rows: IntArray
    factor: FloatArray
    repaired: bool


def copula(size: int, groups: list[tuple[list[int], float]]) -> Copula | None:
    """The copula of `groups` (item rows, Spearman coefficient) over `size` items, or None."""
    members = sorted({row for rows, _ in groups for row in rows})
    if len(members) < 2:
        return None
    where = {row: k for k, row in enumerate(members)}
    spearman = np.eye(len(members))
    for rows, coefficient in groups:
        index = np.array([where[row] for row in rows], dtype=np.int64)
        block = np.ix_(index, index)
        spearman[block] = coefficient
        spearman[index, index] = 1.0
    pearson = 2.0 * np.sin(np.pi * spearman / 6.0)
    values, vectors = np.linalg.eigh(pearson)
    repaired = bool(values.min() < 1e-10)
    if repaired:
        # Nearest valid correlation by clipping the eigenvalues, then unit diagonal again.
        fixed = (vectors * np.maximum(values, 1e-10)) @ vectors.T
        scale = 1.0 / np.sqrt(np.diag(fixed))
        pearson = fixed * scale[:, None] * scale[None, :]
    factor: FloatArray = np.linalg.cholesky(pearson).astype(np.float64)
    return Copula(
        rows=np.array(members, dtype=np.int64),
        factor=factor,
        repaired=repaired,
    )


def correlate(c: Copula, u: FloatArray) -> None:
    """Replace the copula's rows of `u` (items x samples) by correlated uniforms, in place.

    The rows' own uniforms become the normal scores, so Latin hypercube strata survive
    in the independent part and the same seed gives the same numbers.
    """
    from scipy.special import ndtr, ndtri  # imported only when a project correlates tasks

    z = ndtri(u[c.rows])
    u[c.rows] = ndtr(c.factor @ z)
