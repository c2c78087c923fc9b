package io.camsearch.model.nets;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.camsearch.model.HeadKind;

/** The two head shapes camsearch's own networks use. */
public final class Heads {

    private Heads() {}

    /**
     * GAP_LINEAR: global average pool -> Linear(d). GENERIC: global average pool -> Linear(d) ->
     * ReLU -> Linear(d), a non-linear projection head as in SimCLR-style embedding networks.
     */
    public static Block create(HeadKind kind, int embeddingDim) {
        SequentialBlock head = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(embeddingDim).build());
        if (kind == HeadKind.GENERIC) {
            head.add(Activation.reluBlock()).add(Linear.builder().setUnits(embeddingDim).build());
        }
        return head;
    }
}
