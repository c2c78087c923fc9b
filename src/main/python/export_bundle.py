#!/usr/bin/env python3
"""Export a PyTorch embedding network as a camsearch model bundle.

camsearch explains search hits with EmbeddingCAM, which needs the network split at its
last convolutional layer: a *backbone* (image -> feature map A) and a *head*
(A -> unnormalized embedding y). This script writes that split as a bundle directory
that the Java service loads with DJL (libtorch):

    backbone.pt   TorchScript, input  float32 N x 3 x H x W (already normalized, RGB),
                               output the last conv feature map A, N x K x h x w
    head.pt       TorchScript, input  A, output the unnormalized embedding y, N x d
    model.json    {"format": "camsearch-bundle/1", "name": str,
                   "inputWidth": W, "inputHeight": H,
                   "mean": [r, g, b], "std": [r, g, b],
                   "embeddingDim": d, "channels": K,
                   "featureHeight": h, "featureWidth": w,
                   "head": "gap-linear" | "generic"}

The backbone input is ((rgb / 255) - mean) / std per channel, RGB order, resized to
inputHeight x inputWidth. "gap-linear" promises y = W mean_ij(A) + b exactly (global
average pooling followed by affine maps only), which lets the service compute the CAM
basis in closed form; "generic" is any other head differentiable in A.

Both modules are exported in eval mode and frozen with torch.jit.freeze: DJL puts a
module into train mode when it runs it with training=true (as it must, to get
gradients), and a frozen module has nothing left that depends on the mode
(BatchNorm uses its running statistics, Dropout is gone). Parameters become constants,
which is fine: the service differentiates with respect to A only.

Nothing is written unless the exported files, loaded back with torch.jit.load, pass
these checks on seeded random inputs (at batch sizes other than the one used for
export): the shapes above; backbone+head reproduce the original model's embedding to
1e-5 (relative to the embedding's magnitude when that exceeds 1); the outputs do not
change in train mode; y is differentiable in A; and for "gap-linear", head(A) equals
W mean(A) + b with W, b recovered by probing the head
(b = head(0), W[:, k] = head(e_k broadcast over h x w) - b) on real, signed,
scaled and spatially non-uniform feature maps.

Library use (any PyTorch code that can build the two halves):

    from export_bundle import export_bundle
    export_bundle(backbone, head, "bundles/my-model", name="my-model",
                  input_size=(224, 224), mean=[0.485, 0.456, 0.406],
                  std=[0.229, 0.224, 0.225], head_kind="auto")

Command line, from a whole model pickled with torch.save(model, path); the model's
forward must be the plain sequence of its children (flattening is inserted before a
Linear that receives a feature map), and the classes it refers to must be importable:

    python3 export_bundle.py --model model.pt --split-after layer4 \\
        --input-size 224 224 --mean 0.485 0.456 0.406 --std 0.229 0.224 0.225 \\
        --name my-model --out bundles/my-model [--head-kind auto] \\
        [--stop-after avgpool] [--python-path DIR] [--import my_package.models]

or from torchvision's ResNet family and a local state_dict (torchvision is optional;
nothing is ever downloaded; ImageNet mean/std, 224 x 224 and --split-after layer4 are
the defaults there):

    python3 export_bundle.py --torchvision resnet50 --weights resnet50.pth \\
        --name resnet50 --out bundles/resnet50

--stop-after CHILD ends the network after that child, e.g. `--stop-after avgpool`
takes the pooled features as the embedding instead of a classifier's logits.
--head-kind auto (the default) writes "gap-linear" when the probing check passes and
"generic" otherwise. Exit status: 0 on success, 1 when the model cannot be exported or
fails verification, 2 on usage errors.

TorchScript written by torch 1.13 loads in libtorch 2.7.1 (camsearch's DJL); files
written by a torch newer than the service's libtorch may not.
"""

import argparse
import copy
import json
import math
import os
import shutil
import sys
import tempfile
import zipfile

import torch
from torch import nn

FORMAT = "camsearch-bundle/1"
HEAD_KINDS = ("gap-linear", "generic")
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
TORCHVISION_RESNETS = (
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
    "resnext50_32x4d", "resnext101_32x8d", "resnext101_64x4d",
    "wide_resnet50_2", "wide_resnet101_2",
)

# The export batch size differs from the verification batch sizes so that a trace
# which baked in the batch dimension is caught (the service runs N=1 for a query and
# N=d replicas for a CAM basis).
_EXPORT_BATCH = 2
_VERIFY_BATCHES = (1, 3)
_REPRODUCE_TOL = 1e-5
# float32 probing of a K-channel head accumulates rounding of order K * eps * |y|;
# a non-linear head misses the affine prediction by orders of magnitude more.
_AFFINE_TOL = 1e-4
_PROBE_CHUNK = 64


class BundleError(Exception):
    """The model cannot be exported as a valid bundle; the message says why."""


# ---------------------------------------------------------------------------------------
# Library
# ---------------------------------------------------------------------------------------

def export_bundle(backbone, head, out_dir, *, name, input_size=(224, 224), mean, std,
                  head_kind="auto", reference=None, seed=0, log=print):
    """Export backbone and head as a verified camsearch bundle in out_dir.

    backbone: module mapping N x 3 x H x W (normalized) to the last conv feature map.
    head: module mapping that feature map to the unnormalized embedding N x d.
    input_size: (H, W) the backbone expects. mean, std: 3 floats each, see module doc.
    head_kind: "gap-linear", "generic" or "auto" (detect by probing).
    reference: the original model as a callable image -> embedding, when it is not
        simply head(backbone(x)); the exported pair must reproduce it.
    Returns the model.json content as a dict. Raises BundleError (and writes nothing
    new) if any check fails. The caller's modules are not modified.
    """
    name, (height, width), mean, std = _check_args(name, input_size, mean, std, head_kind)
    backbone = _prepare(backbone, "backbone")
    head = _prepare(head, "head")
    if isinstance(reference, nn.Module):
        reference = _prepare(reference, "reference")
    elif reference is None:
        def reference(x):
            return head(backbone(x))
    gen = torch.Generator().manual_seed(seed)

    x = torch.randn(_EXPORT_BATCH, 3, height, width, generator=gen)
    with torch.no_grad():
        a = _as_tensor(_call(backbone, x, "backbone"), "backbone")
        if a.dim() != 4 or a.shape[0] != x.shape[0]:
            raise BundleError(f"backbone output must be N x K x h x w, got {tuple(a.shape)} "
                              "(split the model at its last convolutional block)")
        y = _as_tensor(_call(head, a, "head"), "head")
        if y.dim() != 2 or y.shape[0] != x.shape[0]:
            raise BundleError(f"head output must be N x d, got {tuple(y.shape)}")
    _, channels, fh, fw = a.shape
    dim = y.shape[1]

    ts_backbone = _freeze(_to_torchscript(backbone, x, "backbone"))
    ts_head = _freeze(_to_torchscript(head, a, "head"))

    out_dir = os.path.abspath(out_dir)
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    # Verify what was actually saved (what the service will load) in a staging
    # directory next to out_dir, and only then move it into place.
    staging = tempfile.mkdtemp(prefix=".bundle-", dir=parent)
    try:
        torch.jit.save(ts_backbone, os.path.join(staging, "backbone.pt"))
        torch.jit.save(ts_head, os.path.join(staging, "head.pt"))
        loaded_backbone = torch.jit.load(os.path.join(staging, "backbone.pt"))
        loaded_head = torch.jit.load(os.path.join(staging, "head.pt"))

        _verify_pair(loaded_backbone, loaded_head, reference, (3, height, width),
                     (channels, fh, fw), dim, gen, log)
        affine_error = affine_head_error(loaded_head, loaded_backbone, (3, height, width), gen)
        is_affine = affine_error <= _AFFINE_TOL
        if head_kind == "auto":
            head_kind = "gap-linear" if is_affine else "generic"
            log(f"head kind detected: {head_kind} (relative error of the gap-linear fit "
                f"{affine_error:.3g}, tolerance {_AFFINE_TOL:g})")
        elif head_kind == "gap-linear" and not is_affine:
            raise BundleError(
                f"head is not gap-linear: head(A) differs from W mean(A) + b by a relative "
                f"{affine_error:.3g} (tolerance {_AFFINE_TOL:g}); export it with "
                "head_kind 'generic' (or 'auto')")
        elif head_kind == "generic" and is_affine:
            log("note: the head passes the gap-linear check; head_kind 'gap-linear' would "
                "let the service use the closed-form CAM basis")

        meta = {
            "format": FORMAT,
            "name": name,
            "inputWidth": width,
            "inputHeight": height,
            "mean": mean,
            "std": std,
            "embeddingDim": int(dim),
            "channels": int(channels),
            "featureHeight": int(fh),
            "featureWidth": int(fw),
            "head": head_kind,
        }
        with open(os.path.join(staging, "model.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")

        os.makedirs(out_dir, exist_ok=True)
        for fname in ("backbone.pt", "head.pt", "model.json"):
            os.replace(os.path.join(staging, fname), os.path.join(out_dir, fname))
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    log(f"wrote {out_dir}: {name}, input 3x{height}x{width} -> A {channels}x{fh}x{fw} "
        f"-> y {dim}, head {head_kind}")
    return meta


def probe_affine_head(head, channels, height, width):
    """Recover (W, b) of a head assumed to be y = W mean_ij(A) + b by probing it.

    b = head(0) and W[:, k] = head(e_k broadcast over h x w) - b. W is d x K. The result
    is only meaningful if affine_head_error confirms the assumption.
    """
    dtype = _module_dtype(head)
    with torch.no_grad():
        b = head(torch.zeros(1, channels, height, width, dtype=dtype))[0]
        cols = []
        for start in range(0, channels, _PROBE_CHUNK):
            ks = torch.arange(start, min(start + _PROBE_CHUNK, channels))
            probes = torch.zeros(len(ks), channels, height, width, dtype=dtype)
            probes[torch.arange(len(ks)), ks] = 1.0
            cols.append(head(probes) - b)
    return torch.cat(cols).t().contiguous(), b


def affine_head_error(head, backbone, input_shape, gen):
    """Worst relative misfit of head(A) by W mean(A) + b over varied feature maps.

    Each map's error max_x |head(A)_x - (W mean(A) + b)_x| is divided by that map's
    output magnitude (at least 1), so small maps are held to the same standard as big.
    The maps are real backbone outputs plus signed, scaled and spatially concentrated
    variants: an affine function of the spatial mean must fit all of them, while a
    ReLU MLP, a max-pool or a flatten->Linear head fails on some.
    """
    with torch.no_grad():
        real = backbone(torch.randn(3, *input_shape, generator=gen))
        _, channels, fh, fw = real.shape
        scale = float(real.abs().mean()) or 1.0
        signed = torch.randn(real.shape, generator=gen) * scale
        spot = torch.zeros_like(real)
        for n in range(spot.shape[0]):
            i, j = n % fh, (n * 7) % fw
            spot[n, :, i, j] = torch.rand(channels, generator=gen) * scale * fh * fw
        maps = torch.cat([real, -real, 10 * real, signed, -10 * signed, spot])

        weight, bias = probe_affine_head(head, channels, fh, fw)
        actual = head(maps)
        predicted = maps.mean(dim=(2, 3)) @ weight.t() + bias
        error = (actual - predicted).abs().amax(dim=1)
        magnitude = torch.maximum(actual.abs().amax(dim=1), predicted.abs().amax(dim=1))
    return float((error / magnitude.clamp(min=1.0)).max())


# ---------------------------------------------------------------------------------------
# Export internals
# ---------------------------------------------------------------------------------------

def _check_args(name, input_size, mean, std, head_kind):
    if not isinstance(name, str) or not name.strip():
        raise BundleError("name must be a non-empty string")
    try:
        height, width = (int(v) for v in input_size)
    except (TypeError, ValueError):
        raise BundleError(f"input_size must be (height, width), got {input_size!r}")
    if height <= 0 or width <= 0:
        raise BundleError(f"input_size must be positive, got {input_size!r}")
    mean = _three_floats(mean, "mean")
    std = _three_floats(std, "std")
    if any(s <= 0 for s in std):
        raise BundleError(f"std must be positive, got {std}")
    if head_kind not in HEAD_KINDS + ("auto",):
        raise BundleError(f"head_kind must be one of {HEAD_KINDS + ('auto',)}, got {head_kind!r}")
    return name.strip(), (height, width), mean, std


def _three_floats(values, what):
    try:
        out = [float(v) for v in values]
    except (TypeError, ValueError):
        raise BundleError(f"{what} must be 3 numbers, got {values!r}")
    if len(out) != 3 or not all(math.isfinite(v) for v in out):
        raise BundleError(f"{what} must be 3 finite numbers (R, G, B), got {values!r}")
    return out


def _prepare(module, what):
    if not isinstance(module, nn.Module):
        raise BundleError(f"{what} must be a torch.nn.Module, got {type(module).__name__}")
    # A private float32 CPU copy in eval mode: the bundle is float32, and the caller's
    # module keeps its own mode and device.
    return copy.deepcopy(module).cpu().float().eval()


def _module_dtype(module):
    for t in module.parameters():
        return t.dtype
    return torch.float32


def _call(module, x, what):
    try:
        return module(x)
    except Exception as e:
        raise BundleError(f"{what} failed on an input of shape {tuple(x.shape)}: {e}") from e


def _as_tensor(out, what):
    if not isinstance(out, torch.Tensor):
        raise BundleError(f"{what} must return a single tensor, got {type(out).__name__}")
    if not out.is_floating_point():
        raise BundleError(f"{what} must return a floating-point tensor, got {out.dtype}")
    return out


def _to_torchscript(module, example, what):
    # Scripting keeps control flow; tracing covers modules TorchScript cannot compile.
    # Either way the saved module is checked against the original before it is kept.
    try:
        return torch.jit.script(module)
    except Exception as script_error:
        try:
            with torch.no_grad():
                return torch.jit.trace(module, example)
        except Exception as trace_error:
            raise BundleError(f"cannot convert the {what} to TorchScript: scripting failed "
                              f"({script_error}); tracing failed ({trace_error})")


def _freeze(ts_module):
    # optimize_numerics=False keeps the original arithmetic (no conv-bn folding), so the
    # export reproduces the eager model to rounding, not just approximately.
    return torch.jit.freeze(ts_module.eval(), optimize_numerics=False)


def _close(actual, expected, tol):
    bound = tol * max(1.0, float(expected.abs().max()))
    err = float((actual.double() - expected.double()).abs().max())
    return err <= bound, err, bound


def _verify_pair(backbone, head, reference, input_shape, feature_shape, dim, gen, log):
    for n in _VERIFY_BATCHES:
        x = torch.randn(n, *input_shape, generator=gen)
        with torch.no_grad():
            expected = reference(x)
            a = backbone(x)
            if a.dtype != torch.float32 or tuple(a.shape) != (n, *feature_shape):
                raise BundleError(f"exported backbone gives {a.dtype} {tuple(a.shape)} for a "
                                  f"batch of {n}, expected float32 {(n, *feature_shape)}")
            y = head(a)
        if y.dtype != torch.float32 or tuple(y.shape) != (n, dim):
            raise BundleError(f"exported head gives {y.dtype} {tuple(y.shape)} for a batch "
                              f"of {n}, expected float32 {(n, dim)}")
        if not isinstance(expected, torch.Tensor) or tuple(expected.shape) != (n, dim):
            shape = tuple(expected.shape) if isinstance(expected, torch.Tensor) else type(expected)
            raise BundleError(f"the original model gives {shape}, but backbone+head give "
                              f"{(n, dim)}: the split does not match the model")
        ok, err, bound = _close(y, expected, _REPRODUCE_TOL)
        if not ok:
            raise BundleError(f"exported backbone+head do not reproduce the original embedding "
                              f"(batch of {n}): max difference {err:.3g} > {bound:.3g}")

        # The service runs the head with DJL's training=true to get gradients.
        a_grad = a.detach().clone().requires_grad_(True)
        try:
            backbone.train()
            head.train()
            y_train = head(a_grad)
            with torch.no_grad():
                a_train = backbone(x)
        finally:
            backbone.eval()
            head.eval()
        if not (torch.equal(a_train, a) and torch.equal(y_train.detach(), y)):
            raise BundleError("exported modules behave differently in train mode")
        if not y_train.requires_grad:
            raise BundleError("head output does not depend differentiably on its input A")
        (grad,) = torch.autograd.grad(y_train.sum(), a_grad, allow_unused=True)
        if grad is None or not torch.isfinite(grad).all():
            raise BundleError("head output has no finite gradient with respect to A")
    norms = expected.norm(dim=1)
    if torch.allclose(norms, torch.ones_like(norms), atol=1e-4):
        log("warning: the embeddings have unit norm; camsearch expects the unnormalized "
            "embedding y (drop the normalization from the head, e.g. with --stop-after)")


# ---------------------------------------------------------------------------------------
# Splitting a whole model into backbone and head
# ---------------------------------------------------------------------------------------

def split_model(model, split_after, input_size, stop_after=None, seed=0):
    """Split a model whose forward is the sequence of its children.

    Returns (backbone, head, reference): children up to and including split_after,
    the children after it (up to and including stop_after, if given), and the callable
    the bundle must reproduce. A Flatten is inserted before a child whose first leaf
    module is a Linear when it would receive a feature map, as torchvision's forward
    methods do. Raises BundleError if the children do not reproduce model(x).
    """
    model = copy.deepcopy(model).cpu().float().eval()
    children = list(model.named_children())
    names = [n for n, _ in children]
    for flag, child in (("--split-after", split_after), ("--stop-after", stop_after)):
        if child is not None and child not in names:
            raise BundleError(f"{flag} {child!r} is not a direct child of the model; "
                              f"children in order: {', '.join(names) or '(none)'}")
    split = names.index(split_after)
    stop = names.index(stop_after) if stop_after is not None else len(names) - 1
    if stop <= split:
        raise BundleError(f"--stop-after {stop_after!r} must come after --split-after "
                          f"{split_after!r} (children in order: {', '.join(names)})")

    x = torch.randn(2, 3, *input_size, generator=torch.Generator().manual_seed(seed))
    stages, outputs = [], []
    with torch.no_grad():
        h = x
        for child_name, child in children:
            pieces = []
            if h.dim() > 2 and isinstance(_first_leaf(child), nn.Linear):
                pieces.append(nn.Flatten(1))
            pieces.append(child)
            stages.append(pieces)
            for p in pieces:
                h = _as_tensor(_call(p, h, f"child {child_name!r}"), f"child {child_name!r}")
            outputs.append(h)
        chained = h
        expected = model(x)
    if not isinstance(expected, torch.Tensor) or expected.shape != chained.shape or not \
            _close(chained, expected, _REPRODUCE_TOL)[0]:
        raise BundleError(
            "the model's forward is not the plain sequence of its children "
            f"({', '.join(names)}), so it cannot be split automatically; build the backbone "
            "and head yourself and call export_bundle() from Python")

    backbone = nn.Sequential(*[p for pieces in stages[:split + 1] for p in pieces])
    head = nn.Sequential(*[p for pieces in stages[split + 1:stop + 1] for p in pieces])
    last = outputs[stop]
    if last.dim() > 2 and all(s == 1 for s in last.shape[2:]):
        # Stopping at a global pool leaves N x d x 1 x 1; the embedding is N x d.
        head.append(nn.Flatten(1))
    if stop_after is None:
        return backbone, head, model
    return backbone, head, None


def _first_leaf(module):
    # Dropout and Identity pass a feature map through unchanged in eval mode, so the
    # first module that cares about the input's shape is the one after them.
    for m in module.modules():
        if not list(m.children()) and not isinstance(m, (nn.Identity, nn.modules.dropout._DropoutNd)):
            return m
    return module


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

def _torch_load(path, weights_only):
    try:
        return torch.load(path, map_location="cpu", weights_only=weights_only)
    except TypeError:  # torch < 1.13 has no weights_only
        return torch.load(path, map_location="cpu")


def _is_torchscript_archive(path):
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.endswith("/constants.pkl") or n.startswith("constants.pkl")
                       for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def load_pickled_model(path):
    if not os.path.isfile(path):
        raise BundleError(f"model file not found: {path}")
    if _is_torchscript_archive(path):
        raise BundleError(f"{path} is a TorchScript archive; --model needs the eager model "
                          "saved with torch.save(model, path)")
    try:
        obj = _torch_load(path, weights_only=False)
    except (AttributeError, ModuleNotFoundError, ImportError) as e:
        raise BundleError(
            f"cannot unpickle {path}: {e}. The model's classes must be importable: use "
            "--python-path DIR / --import MODULE (classes defined in a training script's "
            "__main__ cannot be found; move them to a module and re-save)") from e
    except Exception as e:
        raise BundleError(f"cannot load {path}: {e}") from e
    if isinstance(obj, dict):
        raise BundleError(f"{path} holds a state_dict, not a model: build the model in Python "
                          "and call export_bundle(), or use --torchvision for ResNets")
    if not isinstance(obj, nn.Module):
        raise BundleError(f"{path} holds a {type(obj).__name__}, not a torch.nn.Module")
    return obj


def load_torchvision_resnet(arch, weights_path, random_init=False):
    try:
        import torchvision.models as tvm
    except ImportError as e:
        raise BundleError(f"--torchvision needs torchvision, which is not importable ({e}); "
                          "on Debian: apt install python3-torchvision") from e
    if arch not in TORCHVISION_RESNETS or not hasattr(tvm, arch):
        available = [a for a in TORCHVISION_RESNETS if hasattr(tvm, a)]
        raise BundleError(f"unsupported --torchvision {arch!r}; this torchvision has: "
                          f"{', '.join(available)}")
    if random_init:
        return getattr(tvm, arch)(weights=None)
    if not weights_path:
        raise BundleError("--torchvision needs --weights FILE (a local state_dict; nothing is "
                          "downloaded)")
    if not os.path.isfile(weights_path):
        raise BundleError(f"weights file not found: {weights_path}")
    try:
        state = _torch_load(weights_path, weights_only=True)
    except Exception as e:
        raise BundleError(f"cannot load weights {weights_path} as a state_dict: {e}") from e
    if isinstance(state, dict):
        for key in ("state_dict", "model"):
            if isinstance(state.get(key), dict):
                state = state[key]
                break
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise BundleError(f"{weights_path} is not a state_dict of tensors")
    # Checkpoints saved from DataParallel / DistributedDataParallel prefix every key.
    state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
    kwargs = {}
    if "fc.weight" in state:
        kwargs["num_classes"] = state["fc.weight"].shape[0]
    model = getattr(tvm, arch)(weights=None, **kwargs)
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as e:
        raise BundleError(f"{weights_path} does not match torchvision's {arch}: {e}") from e
    return model


def _parse_args(argv):
    p = argparse.ArgumentParser(
        prog="export_bundle.py",
        description="Export a PyTorch embedding network as a verified camsearch bundle "
                    "(backbone.pt, head.pt, model.json).",
        epilog="See the module docstring for the bundle format and the checks made.")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--model", metavar="FILE",
                     help="whole model pickled with torch.save(model, FILE)")
    src.add_argument("--torchvision", metavar="ARCH",
                     help=f"torchvision ResNet-family architecture ({', '.join(TORCHVISION_RESNETS)})")
    p.add_argument("--weights", metavar="FILE", help="state_dict for --torchvision")
    p.add_argument("--random-init", action="store_true",
                   help="--torchvision with random weights (for testing the pipeline only)")
    p.add_argument("--split-after", metavar="CHILD",
                   help="last child module of the backbone (default for --torchvision: layer4)")
    p.add_argument("--stop-after", metavar="CHILD",
                   help="last child module of the head; later children are dropped")
    p.add_argument("--input-size", nargs=2, type=int, metavar=("HEIGHT", "WIDTH"),
                   help="backbone input size (default for --torchvision: 224 224)")
    p.add_argument("--mean", nargs=3, type=float, metavar=("R", "G", "B"),
                   help="per-channel mean of pixels scaled to [0,1] (default for --torchvision: ImageNet)")
    p.add_argument("--std", nargs=3, type=float, metavar=("R", "G", "B"),
                   help="per-channel std of pixels scaled to [0,1] (default for --torchvision: ImageNet)")
    p.add_argument("--name", help="model name written to model.json (default: the file or arch name)")
    p.add_argument("--out", required=True, metavar="DIR", help="bundle directory to write")
    p.add_argument("--head-kind", choices=HEAD_KINDS + ("auto",), default="auto",
                   help="gap-linear, generic, or auto: detect gap-linear by probing (default)")
    p.add_argument("--python-path", action="append", default=[], metavar="DIR",
                   help="directory added to sys.path before unpickling --model (repeatable)")
    p.add_argument("--import", dest="imports", action="append", default=[], metavar="MODULE",
                   help="module imported before unpickling --model (repeatable)")
    p.add_argument("--seed", type=int, default=0, help="seed of the verification inputs")
    args = p.parse_args(argv)

    if args.model:
        missing = [f for f, v in (("--split-after", args.split_after),
                                  ("--input-size", args.input_size),
                                  ("--mean", args.mean), ("--std", args.std)) if v is None]
        if missing:
            p.error(f"--model needs {', '.join(missing)}")
        if args.weights or args.random_init:
            p.error("--weights and --random-init go with --torchvision")
    else:
        if bool(args.weights) == bool(args.random_init):
            p.error("--torchvision needs exactly one of --weights FILE and --random-init")
        args.split_after = args.split_after or "layer4"
        args.input_size = args.input_size or [224, 224]
        args.mean = args.mean or list(IMAGENET_MEAN)
        args.std = args.std or list(IMAGENET_STD)
    return args


def main(argv=None):
    args = _parse_args(argv)
    try:
        if args.model:
            for d in args.python_path:
                sys.path.insert(0, os.path.abspath(d))
            for mod in args.imports:
                try:
                    __import__(mod)
                except ImportError as e:
                    raise BundleError(f"--import {mod}: {e}") from e
            model = load_pickled_model(args.model)
            name = args.name or os.path.splitext(os.path.basename(args.model))[0]
        else:
            model = load_torchvision_resnet(args.torchvision, args.weights, args.random_init)
            name = args.name or args.torchvision
        input_size = tuple(args.input_size)
        backbone, head, reference = split_model(model, args.split_after, input_size,
                                                args.stop_after, seed=args.seed)
        export_bundle(backbone, head, args.out, name=name, input_size=input_size,
                      mean=args.mean, std=args.std, head_kind=args.head_kind,
                      reference=reference, seed=args.seed)
    except (BundleError, OSError) as e:
        print(f"export_bundle: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
