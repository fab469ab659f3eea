"""Launch module of the ``cluster-blobs`` application (``python -m cluster_blobs``).

Generates 300 points in three Gaussian blobs with ``make_blobs`` and clusters them with
k-means (both with a fixed random state), then prints one line comparing the clusters found
with the blobs the points came from, e.g.::

    cluster-blobs: 3 clusters of 300 points (sizes 100/100/100), adjusted Rand index 1.00, silhouette 0.85

The sizes are listed largest first, so the line does not depend on how k-means numbers
its clusters, and it is the same on every run. If the clusters do not match the blobs
(adjusted Rand index below 0.9) or anything fails, it prints
``cluster-blobs: FAILED: <reason>`` to stderr and exits with status 1.
"""

import sys

from example_cli import CheckFailed, run

APP_NAME = "cluster-blobs"
RANDOM_STATE = 42
POINTS = 300
BLOBS = 3
MINIMUM_AGREEMENT = 0.9


def cluster():
    """Cluster the generated blobs and return the summary of how well k-means found them."""
    # Imported here so that a broken framework layer is reported by run() as one line.
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.datasets import make_blobs
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    points, blob_of_point = make_blobs(n_samples=POINTS, centers=BLOBS, random_state=RANDOM_STATE)
    model = KMeans(n_clusters=BLOBS, n_init=10, random_state=RANDOM_STATE)
    cluster_of_point = model.fit_predict(points)
    sizes = sorted(np.bincount(cluster_of_point, minlength=BLOBS).tolist(), reverse=True)
    agreement = adjusted_rand_score(blob_of_point, cluster_of_point)
    if agreement < MINIMUM_AGREEMENT:
        raise CheckFailed(f"adjusted Rand index {agreement:.2f} is below {MINIMUM_AGREEMENT:.2f}")
    silhouette = silhouette_score(points, cluster_of_point)
    return (
        f"{BLOBS} clusters of {POINTS} points (sizes {'/'.join(map(str, sizes))}), "
        f"adjusted Rand index {agreement:.2f}, silhouette {silhouette:.2f}"
    )


def main():
    """Run the clustering and return the exit status."""
    return run(APP_NAME, cluster)


if __name__ == "__main__":
    sys.exit(main())
