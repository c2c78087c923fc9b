"""Tests of export_bundle.py: the library function, its checks and the command line.

    /usr/bin/python3 -B -m unittest discover -s src/test/python -v

torchvision is optional: its test is skipped when it is not importable.
"""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "main", "python"))
sys.path.insert(0, HERE)

import export_bundle as eb  # noqa: E402
from tiny_models import (MaxPoolHeadNet, NormalizingNet, TinyEmbeddingNet,  # noqa: E402
                         TorchvisionStyleNet)

MODEL_KEYS = ["format", "name", "inputWidth", "inputHeight", "mean", "std", "embeddingDim",
              "channels", "featureHeight", "featureWidth", "head"]
MEAN = [0.5, 0.5, 0.5]
STD = [0.25, 0.25, 0.25]

try:
    import torchvision  # noqa: F401
    HAVE_TORCHVISION = True
except ImportError:
    HAVE_TORCHVISION = False


def quiet(*_args, **_kwargs):
    pass


def run_cli(args):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = eb.main(args)
        except SystemExit as e:
            code = e.code
    return code, err.getvalue()


def load_bundle(out):
    with open(os.path.join(out, "model.json")) as f:
        meta = json.load(f)
    return (torch.jit.load(os.path.join(out, "backbone.pt")),
            torch.jit.load(os.path.join(out, "head.pt")), meta)


class ExportBundleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def out(self, name="bundle"):
        return os.path.join(self.tmp.name, name)

    def export_tiny(self, head, head_kind, out=None):
        torch.manual_seed(0)
        model = TinyEmbeddingNet(head).eval()
        return model, eb.export_bundle(model.features, model.head, out or self.out(),
                                       name="tiny", input_size=(32, 32), mean=MEAN, std=STD,
                                       head_kind=head_kind, reference=model, log=quiet)

    def test_model_json_has_exactly_the_documented_keys(self):
        model, meta = self.export_tiny("linear", "auto")
        backbone, head, written = load_bundle(self.out())
        self.assertEqual(list(written), MODEL_KEYS)
        self.assertEqual(written, meta)
        self.assertEqual(written["format"], "camsearch-bundle/1")
        self.assertEqual((written["channels"], written["featureHeight"], written["featureWidth"],
                          written["embeddingDim"]), (8, 8, 8, 6))
        self.assertEqual((written["inputHeight"], written["inputWidth"]), (32, 32))
        self.assertEqual(written["head"], "gap-linear")
        x = torch.randn(4, 3, 32, 32)
        with torch.no_grad():
            self.assertTrue(torch.allclose(head(backbone(x)), model(x), atol=1e-6))

    def test_probing_recovers_the_linear_layer(self):
        model, _ = self.export_tiny("linear", "gap-linear")
        _, head, _ = load_bundle(self.out())
        w, b = eb.probe_affine_head(head, 8, 8, 8)
        self.assertTrue(torch.allclose(w, model.head[2].weight, atol=1e-6))
        self.assertTrue(torch.allclose(b, model.head[2].bias, atol=1e-6))

    def test_mlp_head_is_generic_and_refused_as_gap_linear(self):
        _, meta = self.export_tiny("mlp", "auto")
        self.assertEqual(meta["head"], "generic")
        with self.assertRaisesRegex(eb.BundleError, "not gap-linear"):
            self.export_tiny("mlp", "gap-linear", out=self.out("refused"))
        self.assertFalse(os.path.exists(self.out("refused")))
        self.assertEqual([f for f in os.listdir(self.tmp.name) if f.startswith(".")], [])

    def test_max_pooled_head_is_not_gap_linear(self):
        # Uniform probes cannot tell max from mean pooling; non-uniform maps must.
        torch.manual_seed(0)
        model = MaxPoolHeadNet().eval()
        with self.assertRaisesRegex(eb.BundleError, "not gap-linear"):
            eb.export_bundle(model.features, model.head, self.out(), name="max",
                             input_size=(16, 16), mean=MEAN, std=STD,
                             head_kind="gap-linear", log=quiet)

    def test_wrong_reference_is_refused(self):
        torch.manual_seed(0)
        model = TinyEmbeddingNet("linear").eval()
        other = TinyEmbeddingNet("linear").eval()
        with self.assertRaisesRegex(eb.BundleError, "do not reproduce"):
            eb.export_bundle(model.features, model.head, self.out(), name="x",
                             input_size=(32, 32), mean=MEAN, std=STD, head_kind="auto",
                             reference=other, log=quiet)
        self.assertFalse(os.path.exists(self.out()))

    def test_bad_arguments(self):
        model = TinyEmbeddingNet("linear")
        for kwargs, message in [({"mean": [0.5, 0.5]}, "mean"),
                                ({"std": [0.2, 0.0, 0.2]}, "std must be positive"),
                                ({"head_kind": "linear"}, "head_kind"),
                                ({"name": " "}, "name")]:
            args = dict(name="x", input_size=(32, 32), mean=MEAN, std=STD, head_kind="auto",
                        log=quiet)
            args.update(kwargs)
            with self.assertRaisesRegex(eb.BundleError, message):
                eb.export_bundle(model.features, model.head, self.out(), **args)

    def test_caller_module_mode_is_untouched(self):
        model = TinyEmbeddingNet("linear").train()
        eb.export_bundle(model.features, model.head, self.out(), name="x", input_size=(32, 32),
                         mean=MEAN, std=STD, head_kind="auto", log=quiet)
        self.assertTrue(model.training and model.head.training)


class CommandLineTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def pickle(self, model, name="model.pt"):
        path = os.path.join(self.tmp.name, name)
        torch.save(model, path)
        return path

    def cli(self, model_path, *extra, out="out"):
        out = os.path.join(self.tmp.name, out)
        args = ["--model", model_path, "--input-size", "32", "32", "--mean", *map(str, MEAN),
                "--std", *map(str, STD), "--out", out, "--python-path", HERE,
                "--import", "tiny_models", *extra]
        code, err = run_cli(args)
        return code, err, out

    def trained_style_net(self):
        torch.manual_seed(3)
        model = TorchvisionStyleNet()
        # Non-trivial running statistics, so eval-mode BatchNorm is not the identity.
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(torch.randn(8, 3, 32, 32))
        return model.eval()

    def test_split_with_functional_flatten_batchnorm_and_dropout(self):
        model = self.trained_style_net()
        code, err, out = self.cli(self.pickle(model), "--split-after", "layer1", "--name", "style")
        self.assertEqual(code, 0, err)
        backbone, head, meta = load_bundle(out)
        self.assertEqual((meta["name"], meta["channels"], meta["featureHeight"],
                          meta["featureWidth"], meta["embeddingDim"], meta["head"]),
                         ("style", 12, 8, 8, 5, "gap-linear"))
        x = torch.randn(3, 3, 32, 32)
        with torch.no_grad():
            expected = model(x)
            backbone.train()  # as DJL does for training=true: frozen, so no effect
            head.train()
            self.assertTrue(torch.allclose(head(backbone(x)), expected, atol=1e-6))

    def test_stop_after_takes_pooled_features(self):
        code, err, out = self.cli(self.pickle(self.trained_style_net()),
                                  "--split-after", "layer1", "--stop-after", "avgpool")
        self.assertEqual(code, 0, err)
        _, head, meta = load_bundle(out)
        self.assertEqual((meta["embeddingDim"], meta["head"], meta["name"]), (12, "gap-linear", "model"))
        a = torch.rand(2, 12, 8, 8)
        self.assertTrue(torch.allclose(head(a), a.mean(dim=(2, 3)), atol=1e-6))

    def test_forward_that_is_not_the_children_is_refused(self):
        code, err, out = self.cli(self.pickle(NormalizingNet()), "--split-after", "layer1")
        self.assertEqual(code, 1)
        self.assertIn("not the plain sequence of its children", err)
        self.assertFalse(os.path.exists(out))

    def test_unknown_child_lists_the_children(self):
        code, err, _ = self.cli(self.pickle(TorchvisionStyleNet()), "--split-after", "layer4")
        self.assertEqual(code, 1)
        self.assertIn("conv1, bn1, relu, layer1, avgpool, fc", err)

    def test_gap_linear_claim_on_mlp_fails(self):
        code, err, _ = self.cli(self.pickle(TinyEmbeddingNet("mlp")), "--split-after", "features",
                                "--head-kind", "gap-linear")
        self.assertEqual(code, 1)
        self.assertIn("not gap-linear", err)

    def test_state_dict_and_missing_file_are_clear_errors(self):
        path = os.path.join(self.tmp.name, "sd.pt")
        torch.save(TorchvisionStyleNet().state_dict(), path)
        code, err, _ = self.cli(path, "--split-after", "layer1")
        self.assertEqual(code, 1)
        self.assertIn("state_dict", err)
        code, err, _ = self.cli(os.path.join(self.tmp.name, "nope.pt"), "--split-after", "layer1")
        self.assertEqual(code, 1)
        self.assertIn("not found", err)

    def test_usage_errors_exit_2(self):
        code, _ = run_cli(["--model", "m.pt", "--out", "o"])
        self.assertEqual(code, 2)
        code, _ = run_cli(["--torchvision", "resnet18", "--out", "o"])
        self.assertEqual(code, 2)

    @unittest.skipUnless(HAVE_TORCHVISION, "torchvision not importable")
    def test_torchvision_resnet18_from_local_state_dict(self):
        import torchvision.models as tvm
        torch.manual_seed(0)
        weights = os.path.join(self.tmp.name, "resnet18.pth")
        torch.save(tvm.resnet18(weights=None, num_classes=16).state_dict(), weights)
        out = os.path.join(self.tmp.name, "rn")
        code, err = run_cli(["--torchvision", "resnet18", "--weights", weights,
                             "--input-size", "64", "64", "--out", out])
        self.assertEqual(code, 0, err)
        _, _, meta = load_bundle(out)
        self.assertEqual((meta["name"], meta["channels"], meta["featureHeight"],
                          meta["embeddingDim"], meta["head"], meta["mean"]),
                         ("resnet18", 512, 2, 16, "gap-linear", list(eb.IMAGENET_MEAN)))


if __name__ == "__main__":
    unittest.main()
