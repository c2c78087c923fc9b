#!/usr/bin/env python3
"""Generate the tiny bundle fixtures and their PyTorch reference values for the Java tests.

    /usr/bin/python3 src/test/python/make_fixtures.py [--out src/test/resources/bundles]

writes, for "tiny-linear" (GAP -> Linear(8,6)) and "tiny-mlp"
(GAP -> Linear(8,16) -> ReLU -> Linear(16,6)), both on a 2-conv backbone
3 x 32 x 32 -> A: 8 x 8 x 8 with seeded random weights:

    <out>/<name>/backbone.pt, head.pt, model.json   via export_bundle (float32)
    <out>/<name>/reference.json                      see REFERENCE_LAYOUT below

The reference values come from PyTorch autograd on the original eager model (not the
TorchScript export), in float64. The inputs that the Java side feeds in (images,
proxies, W, b) are float32 values written in their shortest float32 form: parse them as
float to get exactly what the reference used. Everything is deterministic (fixed
seeds); rerunning rewrites identical files.
"""

import argparse
import copy
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.join(ROOT, "src", "main", "python"))
sys.path.insert(0, HERE)

from export_bundle import export_bundle, probe_affine_head  # noqa: E402
from tiny_models import TinyEmbeddingNet  # noqa: E402

INPUT = (3, 32, 32)
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
IMAGE_SEED = 1234
PROXY_SEED = 99
ONE_HOT_INDEX = 2
# Model seeds chosen so that the fixtures exercise what they are for: no dead channel,
# every signed map has both signs (ReLU matters), and for the MLP the hidden ReLU
# pattern differs between the images (the head is not linear on these inputs).
FIXTURES = {"tiny-linear": ("linear", 5), "tiny-mlp": ("mlp", 7)}

REFERENCE_LAYOUT = (
    "All arrays are flat lists. inputs[n]: image n, C x H x W row-major (CHW), already "
    "normalized, float32 values. featureMaps[n]: A for image n, K x h x w row-major. "
    "embeddings[n]: y (unnormalized), length d. cases: one per (image, proxy); p: the proxy "
    "(float32 values); channelWeights: a_k = mean_ij dL/dA^k_ij with L = y . p, length K; "
    "signedMap: S = sum_k a_k A^k, h x w row-major, before ReLU; heatmap: ReLU(S), not "
    "rescaled. camBasisM[n]: M = (1/Z) sum_ij dy/dA_ij, d x K row-major (a = M^T p); "
    "camBasis[n]: B = M A, d x h x w row-major (S = sum_x p_x B^x). gap-linear only: W, d x K "
    "row-major, and b, length d, with y = W mean_ij(A) + b (so M = W / Z). Z = h * w. "
    "Reference values are float64 autograd on the eager model.")


def f32_list(t):
    """float32 values as the shortest decimal that parses back to the same float32."""
    out = []
    for v in t.detach().to(torch.float32).reshape(-1).tolist():
        s = float(str(np.float32(v)))
        assert np.float32(s) == np.float32(v)
        out.append(s)
    return out


def f64_list(t):
    return [float(v) for v in t.detach().to(torch.float64).reshape(-1).tolist()]


def build_model(head, seed):
    # PyTorch's default init shrinks the activations layer by layer, leaving y close to
    # the head's bias and nearly equal for both images; He init keeps A of order one.
    torch.manual_seed(seed)
    model = TinyEmbeddingNet(head)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.normal_(m.bias, 0.0, 0.1)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 1.0 / math.sqrt(m.in_features))
            nn.init.normal_(m.bias, 0.0, 0.1)
    return model.eval()


def make_images():
    """Two different "objects" on noise: pure noise would average out under GAP and give
    the two images nearly the same embedding, making the cross-image proxy meaningless.
    Values are multiples of 1/64, exact in float32 and short in JSON."""
    gen = torch.Generator().manual_seed(IMAGE_SEED)
    images = 0.5 * torch.randn(2, *INPUT, generator=gen)
    images[0, :, 4:14, 6:18] += torch.tensor([2.0, -1.0, 0.5])[:, None, None]
    images[1, :, 18:30, 16:28] += torch.tensor([-1.5, 1.5, 2.0])[:, None, None]
    return torch.round(images * 64) / 64


def proxies_for(image, embeddings, dim):
    """The three proxies used for one image: name and float32-exact value."""
    one_hot = torch.zeros(dim)
    one_hot[ONE_HOT_INDEX] = 1.0
    other = embeddings[1 - image].to(torch.float32)
    rand = torch.randn(dim, generator=torch.Generator().manual_seed(PROXY_SEED))
    return [(f"one-hot-{ONE_HOT_INDEX}", one_hot),
            (f"embedding-of-image-{1 - image}", other),
            ("random-normal", rand)]


def reference_values(model, images):
    """The paper's literal algorithm, per image and proxy, with float64 autograd."""
    m = copy.deepcopy(model).double().eval()
    feature_maps, embeddings, graphs = [], [], []
    for n in range(images.shape[0]):
        a = m.features(images[n:n + 1].double()).detach().requires_grad_(True)
        y = m.head(a)[0]
        feature_maps.append(a)
        embeddings.append(y)
        graphs.append((a, y))

    dim = embeddings[0].shape[0]
    _, channels, fh, fw = feature_maps[0].shape
    cases, basis_m, basis = [], [], []
    for n, (a, y) in enumerate(graphs):
        for k, (pname, p) in enumerate(proxies_for(n, [e.detach() for e in embeddings], dim)):
            loss = torch.dot(y, p.double())
            (grad,) = torch.autograd.grad(loss, a, retain_graph=True)
            weights = grad[0].mean(dim=(1, 2))
            signed = (weights[:, None, None] * a[0].detach()).sum(dim=0)
            cases.append({"image": n, "proxy": k, "proxyName": pname, "p": p,
                          "channelWeights": weights, "signedMap": signed,
                          "heatmap": torch.relu(signed)})
        rows = []
        for x in range(dim):
            (grad,) = torch.autograd.grad(y[x], a, retain_graph=True)
            rows.append(grad[0].mean(dim=(1, 2)))
        mat = torch.stack(rows)
        basis_m.append(mat)
        basis.append(torch.einsum("xk,kij->xij", mat, a[0].detach()))

    # The CAM basis must give the literal algorithm's answer for every proxy.
    for c in cases:
        mat, b = basis_m[c["image"]], basis[c["image"]]
        p = c["p"].double()
        assert torch.allclose(mat.t() @ p, c["channelWeights"], rtol=0, atol=1e-12)
        assert torch.allclose(torch.einsum("x,xij->ij", p, b), c["signedMap"], rtol=0, atol=1e-12)
    return {
        "featureMaps": [a.detach()[0] for a in feature_maps],
        "embeddings": [e.detach() for e in embeddings],
        "cases": cases, "camBasisM": basis_m, "camBasis": basis,
        "shape": (channels, fh, fw, dim),
    }


def check_fixture_is_informative(name, head, model, ref):
    maps = torch.stack(ref["featureMaps"])
    dead = [k for k in range(maps.shape[1]) if not maps[:, k].any()]
    assert not dead, f"{name}: dead channels {dead}; pick another seed"
    for c in ref["cases"]:
        s = c["signedMap"]
        assert (s > 0).any() and (s < 0).any(), \
            f"{name}: image {c['image']} proxy {c['proxyName']}: signed map has one sign only"
    if head == "mlp":
        m = copy.deepcopy(model).double()
        pooled = maps.mean(dim=(2, 3))
        active = m.head[2](pooled) > 0
        assert not active.all(), f"{name}: every hidden unit active; head is linear here"
        assert not torch.equal(active[0], active[1]), f"{name}: same ReLU pattern for both images"


def write_reference(path, name, head, model, images, ref):
    channels, fh, fw, dim = ref["shape"]
    doc = {
        "format": "camsearch-reference/1",
        "bundle": name,
        "layout": REFERENCE_LAYOUT,
        "generator": f"src/test/python/make_fixtures.py, torch {torch.__version__}, float64 "
                     "autograd on the original eager model",
        "inputShape": list(INPUT),
        "channels": channels, "featureHeight": fh, "featureWidth": fw, "embeddingDim": dim,
        "inputs": [f32_list(img) for img in images],
        "featureMaps": [f64_list(a) for a in ref["featureMaps"]],
        "embeddings": [f64_list(y) for y in ref["embeddings"]],
        "cases": [{"image": c["image"], "proxy": c["proxy"], "proxyName": c["proxyName"],
                   "p": f32_list(c["p"]),
                   "channelWeights": f64_list(c["channelWeights"]),
                   "signedMap": f64_list(c["signedMap"]),
                   "heatmap": f64_list(c["heatmap"])} for c in ref["cases"]],
        "camBasisM": [f64_list(mat) for mat in ref["camBasisM"]],
        "camBasis": [f64_list(b) for b in ref["camBasis"]],
    }
    if head == "linear":
        fc = model.head[2]
        doc["W"] = f32_list(fc.weight)
        doc["b"] = f32_list(fc.bias)
        z = fh * fw
        for c in ref["cases"]:
            closed = fc.weight.double().t() @ c["p"].double() / z
            assert torch.allclose(closed, c["channelWeights"], rtol=0, atol=1e-12), \
                "closed form a = W^T p / Z disagrees with autograd"
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


def check_export(bundle_dir, head, model, images, ref):
    """The saved TorchScript (float32, as the service runs it) against the reference."""
    backbone = torch.jit.load(os.path.join(bundle_dir, "backbone.pt"))
    head_ts = torch.jit.load(os.path.join(bundle_dir, "head.pt"))
    head_ts.train()  # as DJL runs it to get gradients; frozen, so this must not matter
    worst = {"A": 0.0, "y": 0.0, "a": 0.0}
    for n in range(images.shape[0]):
        with torch.no_grad():
            a = backbone(images[n:n + 1])
        a.requires_grad_(True)
        y = head_ts(a)[0]
        worst["A"] = max(worst["A"], float((a[0].double() - ref["featureMaps"][n]).abs().max()))
        worst["y"] = max(worst["y"], float((y.double() - ref["embeddings"][n]).abs().max()))
        for c in (c for c in ref["cases"] if c["image"] == n):
            (grad,) = torch.autograd.grad(torch.dot(y, c["p"]), a, retain_graph=True)
            weights = grad[0].mean(dim=(1, 2)).double()
            worst["a"] = max(worst["a"], float((weights - c["channelWeights"]).abs().max()))
    for what, err in worst.items():
        assert err <= 1e-5, f"{bundle_dir}: TorchScript {what} differs from the reference by {err}"
    if head == "linear":
        meta = json.load(open(os.path.join(bundle_dir, "model.json")))
        w, b = probe_affine_head(head_ts, meta["channels"], meta["featureHeight"],
                                 meta["featureWidth"])
        fc = model.head[2]
        assert torch.allclose(w, fc.weight, atol=1e-6) and torch.allclose(b, fc.bias, atol=1e-6)
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "src", "test", "resources", "bundles"))
    args = parser.parse_args()

    images = make_images()
    total = 0
    for name, (head, seed) in FIXTURES.items():
        model = build_model(head, seed)
        ref = reference_values(model, images)
        check_fixture_is_informative(name, head, model, ref)

        out = os.path.join(args.out, name)
        meta = export_bundle(model.features, model.head, out, name=name,
                             input_size=INPUT[1:], mean=MEAN, std=STD,
                             head_kind="gap-linear" if head == "linear" else "generic",
                             reference=model)
        write_reference(os.path.join(out, "reference.json"), name, head, model, images, ref)
        worst = check_export(out, head, model, images, ref)

        sizes = {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))}
        total += sum(sizes.values())
        print(f"{name}: head {meta['head']}, K={meta['channels']} h={meta['featureHeight']} "
              f"w={meta['featureWidth']} d={meta['embeddingDim']}")
        for n, y in enumerate(ref["embeddings"]):
            print(f"  y[{n}] = [{', '.join(f'{v:+.6f}' for v in y.tolist())}]")
        print(f"  {len(ref['cases'])} cases (2 images x 3 proxies); TorchScript float32 vs "
              f"float64 reference: max |dA| {worst['A']:.2e}, |dy| {worst['y']:.2e}, "
              f"|da| {worst['a']:.2e}")
        print("  files: " + ", ".join(f"{f} {s / 1024:.1f} KB" for f, s in sizes.items()))
    print(f"total {total / 1024:.1f} KB in {args.out}")


if __name__ == "__main__":
    main()
