/**
 * The paper's evaluation as small, exact functions: {@link io.camsearch.eval.RecallAtK} for
 * retrieval, {@link io.camsearch.eval.HeatmapRatio} and
 * {@link io.camsearch.eval.LocalizationAccuracy} for weakly supervised localization,
 * {@link io.camsearch.eval.DeletionCurve} for faithfulness, {@link io.camsearch.eval.RankCorrelation}
 * for the model-randomization sanity check, and {@link io.camsearch.eval.MeanStd},
 * {@link io.camsearch.eval.ResultTable} and {@link io.camsearch.eval.LinePlot} to report them.
 *
 * <p>Nothing here runs a model: callers pass embeddings, heatmaps and a scoring function. Like
 * the rest of the plain core library, the package uses only the JDK and {@code io.camsearch.cam},
 * never Quarkus, Kafka, Lucene or DJL.
 */
package io.camsearch.eval;
