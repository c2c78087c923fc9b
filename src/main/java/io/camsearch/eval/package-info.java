/**
 * The paper's evaluation as small, exact functions: {@link io.camsearch.eval.RecallAtK} for
 * retrieval, {@link io.camsearch.eval.HeatmapRatio} and
 * {@link io.camsearch.eval.LocalizationAccuracy} for weakly supervised localization,
 * {@link io.camsearch.eval.DeletionCurve} for faithfulness, {@link io.camsearch.eval.RankCorrelation}
 * for the model-randomization sanity check, and {@link io.camsearch.eval.MeanStd},
 * {@link io.camsearch.eval.ResultTable} and {@link io.camsearch.eval.LinePlot} to report them.
 *
 * <p>The metrics run no model: callers pass embeddings, heatmaps and a scoring function. The
 * evaluation run ({@link io.camsearch.eval.ExplanationEvaluation}) reads a catalog ({@code dataset},
 * {@code image}) and embeds it ({@code model}), and its report draws with {@code heatmap}'s
 * renderer. Like the rest of the plain core library, the package never uses Quarkus, Kafka or Lucene.
 */
package io.camsearch.eval;
