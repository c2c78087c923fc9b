#!/usr/bin/env python3
"""Generate the Guided Grad-CAM reference for the Java test (GuidedGradCamTest).

    /usr/bin/python3 src/test/python/make_guided_fixture.py [--out src/test/resources/guided/reference.json]

A small network built from the demo network's kinds of block (camsearch.model.nets:
ResidualUnits.conv / basic, batch norm, ReLU; Heads GENERIC: global average pool ->
Linear(6) -> ReLU -> Linear(6)):

    3 x 16 x 16 -> conv3x3(4) -> BN -> ReLU -> basic(4 -> 8, stride 2) -> basic(8 -> 8)
                -> A: 8 x 8 x 8 -> GAP -> Linear(8, 6) -> ReLU -> Linear(6, 6) -> y

with seeded weights and batch-norm statistics. The Java side builds the same blocks and
loads "parameters" in order (DJL's order: per conv its weight; per batch norm gamma, beta,
running mean, running variance; per linear weight, bias). The reference is PyTorch in
float64 on those float32 values, the way pytorch-grad-cam computes guided backpropagation:
every nn.ReLU gets a backward hook that clamps its input gradient at 0 (so the gradient
passes only where it is positive and where the ReLU's input was), then

    guidedGradient = dL/dI with L = y . p                                  (3 x 16 x 16)
    signedMap      = sum_k a_k A^k, a_k = mean_ij dL/dA^k_ij (plain ReLUs)  (8 x 8)
    upsampled      = interpolate(ReLU(signedMap), 16 x 16, bilinear, align_corners=False)
    guidedGradCam  = guidedGradient * upsampled (each channel)

Deterministic; rerunning rewrites an identical file.
"""

import argparse
import json
import os

import sys

import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, HERE)

from make_fixtures import f32_list, f64_list  # noqa: E402
SEED = 2024
DIM = 6


def conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.residual = nn.Sequential(conv(cin, cout, 3, stride), nn.BatchNorm2d(cout), nn.ReLU(),
                                      conv(cout, cout, 3, 1), nn.BatchNorm2d(cout))
        self.shortcut = (nn.Sequential(conv(cin, cout, 1, stride), nn.BatchNorm2d(cout))
                         if cin != cout or stride != 1 else nn.Identity())
        self.relu = nn.ReLU()

    def forward(self, x):
        return self.relu(self.residual(x) + self.shortcut(x))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(conv(3, 4, 3, 1), nn.BatchNorm2d(4), nn.ReLU(), Basic(4, 8, 2), Basic(8, 8, 1))
        self.fc1 = nn.Linear(8, DIM)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(DIM, DIM)

    def head(self, a):
        return self.fc2(self.relu(self.fc1(a.mean(dim=(2, 3)))))


def djl_order(net):
    """(name, tensor) of every parameter and statistic in the order DJL lists its blocks' parameters."""
    out = []
    for name, m in net.named_modules():
        if isinstance(m, nn.Conv2d):
            out.append((name + ".weight", m.weight))
        elif isinstance(m, nn.BatchNorm2d):
            out += [(name + ".gamma", m.weight), (name + ".beta", m.bias),
                    (name + ".runningMean", m.running_mean), (name + ".runningVar", m.running_var)]
        elif isinstance(m, nn.Linear):
            out += [(name + ".weight", m.weight), (name + ".bias", m.bias)]
    return out


def build():
    gen = torch.Generator().manual_seed(SEED)
    net = Net()
    with torch.no_grad():
        for name, t in djl_order(net):
            if name.endswith("runningVar"):
                v = 0.5 + torch.rand(t.shape, generator=gen)
            elif name.endswith("gamma"):
                v = 0.8 + 0.4 * torch.rand(t.shape, generator=gen)
            elif name.endswith((".beta", ".runningMean", ".bias")):
                v = 0.2 * torch.randn(t.shape, generator=gen)
            else:
                fan_in = t[0].numel()
                v = torch.randn(t.shape, generator=gen) * (2.0 / fan_in) ** 0.5
            t.copy_(v.to(torch.float32))
    return net.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(ROOT, "src", "test", "resources", "guided", "reference.json"))
    args = parser.parse_args()

    net = build()
    gen = torch.Generator().manual_seed(SEED + 1)
    image = torch.round(torch.randn(1, 3, 16, 16, generator=gen) * 64) / 64
    image[0, :, 3:9, 8:14] += torch.tensor([1.5, -1.0, 0.75])[:, None, None]
    proxy = torch.randn(DIM, generator=gen).to(torch.float32)

    m = build().double()
    m.load_state_dict({k: v.double() for k, v in net.state_dict().items()})
    m.eval()
    x = image.double()

    # EmbeddingCAM with plain ReLUs, the paper's literal algorithm.
    a = m.backbone(x).detach().requires_grad_(True)
    y = m.head(a)[0]
    (grad,) = torch.autograd.grad(torch.dot(y, proxy.double()), a)
    weights = grad[0].mean(dim=(1, 2))
    signed = (weights[:, None, None] * a[0].detach()).sum(dim=0)

    xp = x.clone().requires_grad_(True)
    (plain,) = torch.autograd.grad(torch.dot(m.head(m.backbone(xp))[0], proxy.double()), xp)

    # Guided backpropagation: clamp each ReLU's input gradient at 0.
    hooks = [r.register_full_backward_hook(lambda mod, gin, gout: (torch.clamp(gin[0], min=0.0),))
             for r in m.modules() if isinstance(r, nn.ReLU)]
    assert len(hooks) == 6, len(hooks)
    xi = x.clone().requires_grad_(True)
    loss = torch.dot(m.head(m.backbone(xi))[0], proxy.double())
    (guided,) = torch.autograd.grad(loss, xi)
    for h in hooks:
        h.remove()

    upsampled = F.interpolate(torch.relu(signed)[None, None], size=(16, 16), mode="bilinear", align_corners=False)[0, 0]
    product = guided[0] * upsampled[None]

    positive = (torch.relu(signed) > 0).sum().item()
    assert 0 < positive < signed.numel(), f"the signed map should have both signs, {positive} positive cells"
    assert (guided != 0).sum().item() > 100, "the guided gradient should reach many pixels"
    differs = ((guided - plain).abs() > 0.05 * plain.abs().max()).sum().item()
    assert differs > 50, f"the guided gradient should differ from the plain one, differs at {differs} values"

    doc = {
        "layout": "All arrays flat, row-major. parameters: in DJL's order, float32 values. input: 3 x 16 x 16, "
                  "normalized. proxy: length 6. embedding: y. signedMap: 8 x 8. guidedGradient, guidedGradCam: "
                  "3 x 16 x 16. upsampledHeatmap: 16 x 16. Float64 PyTorch with guided-ReLU hooks.",
        "parameters": [{"name": n, "shape": list(t.shape), "values": f32_list(t)} for n, t in djl_order(net)],
        "input": f32_list(image[0]),
        "proxy": f32_list(proxy),
        "embedding": f64_list(y),
        "signedMap": f64_list(signed),
        "upsampledHeatmap": f64_list(upsampled),
        "guidedGradient": f64_list(guided[0]),
        "guidedGradCam": f64_list(product),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", args.out, "positive cells", positive, "of", signed.numel())


if __name__ == "__main__":
    main()
