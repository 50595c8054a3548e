"""Unit tests of the reference backbones, export and training (no Node needed; the parity with
the workbench is models/parity.py). Run: /usr/bin/python3 -m unittest discover models/tests"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
import unittest

import numpy as np
import onnx
import torch

MODELS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, MODELS)

import export  # noqa: E402
import train  # noqa: E402
from gdw_models import (  # noqa: E402
    DIFFUSION_FAMILIES, FAMILIES, TINY_SIZES, ClassEmbedding, PerGeneDense, build_model, diffusion_loss, drop_labels,
    gradient_penalty, make_schedule, masked_mse, model_from_config,
)

torch.set_num_threads(1)

# From src/core/diffusion/schedule.ts: `npx tsx` on createSchedule(...), printed with JSON.stringify.
# Rows: [t, β_t, ᾱ_t, ᾱ_{t−1}, β̃_t].
TS_SCHEDULES = {
    ("linear", 1000, 1e-4, 0.02): [
        [0, 0.0001, 0.9999, 1, 0],
        [1, 0.00011991991991991993, 0.9997800920720721, 0.9999, 0.000054531876613021935],
        [499, 0.01004004004004004, 0.07858724288177821, 0.07938426407160624, 0.01003135541461369],
        [998, 0.019980080080080082, 0.00004118193638138444, 0.000042021529914156775, 0.0199800633042432],
        [999, 0.02, 0.000040358297653756754, 0.00004118193638138444, 0.01999998352656061],
    ],
    ("cosine", 500, 1e-4, 0.02): [
        [0, 0.00008742407263218066, 0.9999125759273678, 1, 0],
        [1, 0.0001068540663139439, 0.9998057312026716, 0.9999125759273678, 0.000048086042550011366],
        [250, 0.006311229609280433, 0.4907268301502953, 0.4938435904406376, 0.006272604778847598],
        [498, 0.7499975715928668, 0.000009715044036169852, 0.00003885979867503023, 0.7499757128853047],
        [499, 0.999, 9.71504403616986e-9, 0.000009715044036169852, 0.9989903043762427],
    ],
    ("linear", 7, 0.001, 0.05): [
        [0, 0.001, 0.999, 1, 0],
        [3, 0.025500000000000005, 0.947881756635, 0.97268523, 0.013364353631836969],
        [6, 0.05000000000000001, 0.8337690866359285, 0.8776516701430827, 0.03680071515607797],
    ],
}
SCHEDULE_TOLERANCE = 1e-12


def tiny(family: str, genes: int = 13, channels: int = 4, num_classes=None):
    torch.manual_seed(0)
    return build_model(family, genes, channels, num_classes, **TINY_SIZES[family]).eval()


def run_model(model, batch: int = 3, labels=None):
    if model.family == "gan-generator":
        return model(torch.randn(batch, model.latent_dim), labels)
    x = torch.randn(batch, model.genes, model.channels)
    return model(x, torch.tensor([0, 500, 999][:batch]), labels)


class ShapeTests(unittest.TestCase):
    def test_every_family_maps_to_gene_tensor_shape(self):
        # 13 genes: odd, so the CNN and the transformer must pad and crop internally.
        for family in FAMILIES:
            for classes in (None, 2):
                with self.subTest(family=family, classes=classes):
                    model = tiny(family, num_classes=classes)
                    labels = None if classes is None else torch.tensor([0, 1, 1])
                    with torch.no_grad():
                        out = run_model(model, labels=labels)
                    self.assertEqual(tuple(out.shape), (3, 13, 4))
                    self.assertTrue(torch.isfinite(out).all())

    def test_conditional_output_depends_on_label(self):
        for family in DIFFUSION_FAMILIES:
            with self.subTest(family=family):
                model = tiny(family, num_classes=2)
                x, t = torch.randn(2, 13, 4), torch.tensor([10, 10])
                with torch.no_grad():
                    a = model(x, t, torch.tensor([0, 0]))
                    b = model(x, t, torch.tensor([1, 1]))
                self.assertGreater(float((a - b).abs().max()), 0)

    def test_per_gene_dense_is_a_separate_layer_per_gene(self):
        layer = PerGeneDense(5, 3, 2)
        x = torch.randn(4, 5, 3)
        loop = torch.stack([x[:, g] @ layer.weight[g] + layer.bias[g] for g in range(5)], dim=1)
        torch.testing.assert_close(layer(x), loop, rtol=0, atol=1e-6)

    def test_model_rebuilds_from_its_build_config(self):
        model = tiny("mlp-cnn", num_classes=2)
        clone = model_from_config(json.loads(json.dumps(model.build_config)))
        clone.load_state_dict(model.state_dict())
        x, t, y = torch.randn(2, 13, 4), torch.tensor([1, 2]), torch.tensor([0, 1])
        with torch.no_grad():
            torch.testing.assert_close(clone.eval()(x, t, y), model(x, t, y), rtol=0, atol=0)


class InputSkipTests(unittest.TestCase):
    def test_dense_families_add_a_gated_copy_of_x(self):
        for family in ("baseline", "unet-mlp"):
            with self.subTest(family=family):
                model = tiny(family, num_classes=2)
                last = model.mlp[-1] if family == "baseline" else model.gene_out
                with torch.no_grad():  # silence the dense path: ε̂ = g(t, y)·x
                    last.weight.zero_()
                    last.bias.zero_()
                x, t, y = torch.randn(3, 13, 4), torch.tensor([0, 500, 999]), torch.tensor([0, 1, 2])
                with torch.no_grad():
                    out = model(x, t, y)
                    gate = model.skip_gate(model.cond(t, y))
                torch.testing.assert_close(out, gate.view(3, 1, 1) * x)

    def test_input_skip_can_be_left_out(self):
        for family in ("baseline", "unet-mlp"):
            model = build_model(family, 13, 4, None, input_skip=False, **TINY_SIZES[family])
            self.assertIsNone(model.skip_gate)
            self.assertEqual(tuple(run_model(model.eval()).shape), (3, 13, 4))


class MixingWeightTests(unittest.TestCase):
    def test_lambda_of_t_stays_in_unit_interval(self):
        model = tiny("mlp-cnn")
        t = torch.arange(0, 1000)
        for scale in (1.0, 100.0):  # also with weights pushed to saturate the sigmoid
            with torch.no_grad():
                for p in model.lambda_mlp.parameters():
                    p.mul_(scale)
                lam = model.mixing_weight(t)
            self.assertEqual(tuple(lam.shape), (1000,))
            self.assertTrue(bool(((lam >= 0) & (lam <= 1)).all()))

    def test_output_is_the_lambda_mix_of_both_branches(self):
        model = tiny("mlp-cnn")
        x, t = torch.randn(2, 13, 4), torch.tensor([3, 700])
        with torch.no_grad():
            lam = model.mixing_weight(t).view(-1, 1, 1)
            expected = (1 - lam) * model.mlp(x, t) + lam * model.cnn(x, t)
            torch.testing.assert_close(model(x, t), expected, rtol=0, atol=1e-6)


class LossTests(unittest.TestCase):
    def test_masked_mse_ignores_padded_slots(self):
        mask = torch.ones(6, 4)
        mask[4:] = 0
        target = torch.randn(2, 6, 4)
        pred = target.clone()
        pred[:, 4:] += 1000.0  # wrong only where padded
        self.assertEqual(float(masked_mse(pred, target, mask)), 0.0)
        pred[:, 0, 0] += 2.0
        self.assertAlmostEqual(float(masked_mse(pred, target, mask)), 2 * 4.0 / (2 * 16), places=6)

    def test_diffusion_loss_does_not_see_padded_outputs(self):
        mask = torch.ones(13, 4)
        mask[10:] = 0
        model = tiny("baseline")

        def noisy_padding(x, t, y=None):
            out = model(x, t, y).clone()
            out[:, 10:] = 1e6
            return out

        schedule = make_schedule("linear", 1000)
        x0 = torch.randn(3, 13, 4) * mask
        losses = [diffusion_loss(m, schedule, x0, None, mask, torch.Generator().manual_seed(5)) for m in (model, noisy_padding)]
        self.assertAlmostEqual(float(losses[0]), float(losses[1]), places=6)

    def test_label_dropout_uses_the_null_class(self):
        embedding = ClassEmbedding(2, 8)
        self.assertEqual(embedding.null_index, 2)
        y = torch.zeros(1000, dtype=torch.long)
        dropped = drop_labels(y, 0.25, embedding.null_index, torch.Generator().manual_seed(0))
        self.assertTrue(set(dropped.tolist()) <= {0, 2})
        self.assertAlmostEqual(float((dropped == 2).float().mean()), 0.25, delta=0.05)
        self.assertEqual(tuple(embedding(None, 3).shape), (3, 8))


class GradientPenaltyTests(unittest.TestCase):
    def test_penalty_of_a_linear_critic_is_its_gradient_norm_gap(self):
        # D(x) = w·x has ∇D = w everywhere, so GP = weight·(‖w‖ − 1)².
        for norm, expected in ((1.0, 0.0), (2.0, 10.0), (0.5, 2.5)):
            w = torch.randn(5 * 3)
            w = w / w.norm() * norm
            critic = lambda x, y=None, w=w: x.flatten(1) @ w  # noqa: E731
            gp = gradient_penalty(critic, torch.randn(4, 5, 3), torch.randn(4, 5, 3), weight=10.0)
            self.assertAlmostEqual(float(gp), expected, places=4)

    def test_penalty_backpropagates_to_the_critic(self):
        from gdw_models import build_critic
        critic = build_critic(6, 2, 2, hidden=8)
        gp = gradient_penalty(critic, torch.randn(3, 6, 2), torch.randn(3, 6, 2), torch.tensor([0, 1, 0]))
        gp.backward()
        self.assertTrue(any(p.grad is not None and p.grad.abs().sum() > 0 for p in critic.parameters()))


class ScheduleTests(unittest.TestCase):
    def test_schedules_equal_the_typescript_ones(self):
        for (kind, T, start, end), rows in TS_SCHEDULES.items():
            s = make_schedule(kind, T, start, end)
            for t, beta, ab, ab_prev, post in rows:
                with self.subTest(kind=kind, T=T, t=t):
                    got = (s.betas[t], s.alphas_cumprod[t], s.alphas_cumprod_prev[t], s.posterior_variance[t])
                    for g, want in zip(got, (beta, ab, ab_prev, post)):
                        self.assertLessEqual(abs(g - want), SCHEDULE_TOLERANCE)

    def test_rejects_bad_settings(self):
        with self.assertRaises(ValueError):
            make_schedule("sigmoid", 10)
        with self.assertRaises(ValueError):
            make_schedule("linear", 0)


class ExportTests(unittest.TestCase):
    def test_export_writes_contract_inputs_and_metadata(self):
        model = tiny("unet-mlp", num_classes=2)
        with tempfile.TemporaryDirectory() as tmp:
            path = export.export_backbone(model, os.path.join(tmp, "m.onnx"), genes=13, channels=4, family="unet-mlp",
                                          schedule="cosine", timesteps=500, num_classes=2, real_genes=11,
                                          codec_sha256="ab" * 32)
            m = onnx.load(path)
        meta = {p.key: p.value for p in m.metadata_props}
        self.assertEqual(meta, {"gdw.family": "unet-mlp", "gdw.layout": "BGC", "gdw.genes": "11", "gdw.num_classes": "2",
                                "gdw.codec_sha256": "ab" * 32, "gdw.schedule": "cosine", "gdw.timesteps": "500",
                                "gdw.prediction": "eps", "gdw.padding": "zero-x",
                                # tiny() builds its ClassEmbedding with the unconditional row 2
                                "gdw.null_class": "2"})
        self.assertEqual([i.name for i in m.graph.input], ["x", "t", "y"])
        self.assertEqual([o.name for o in m.graph.output], ["eps"])
        self.assertEqual(m.graph.input[1].type.tensor_type.elem_type, onnx.TensorProto.INT64)
        dims = [[d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim] for v in (m.graph.input[0], m.graph.output[0])]
        self.assertEqual(dims, [["batch", 13, 4], ["batch", 13, 4]])
        self.assertEqual(m.opset_import[0].version, 17)

    def test_export_writes_components_per_gene(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = export.export_model(tiny("transformer"), os.path.join(tmp, "m.onnx"), real_genes=3,
                                       components_per_gene=[4, 0, 2])
            meta = {p.key: p.value for p in onnx.load(path).metadata_props}
            self.assertEqual((meta["gdw.genes"], meta["gdw.components"]), ("3", "4,0,2"))
            gan = export.export_model(tiny("gan-generator"), os.path.join(tmp, "g.onnx"), real_genes=2,
                                      components_per_gene=[1, 4])
            self.assertEqual({p.key: p.value for p in onnx.load(gan).metadata_props}["gdw.components"], "1,4")
            plain = export.export_model(tiny("transformer"), os.path.join(tmp, "p.onnx"), real_genes=3)
            self.assertNotIn("gdw.components", {p.key for p in onnx.load(plain).metadata_props})

    def test_rejects_components_that_do_not_fit(self):
        for components, message in (([4, 4], "one per real gene"), ([4, 5, 1], "from 0 to 4"), ([4, -1, 1], "from 0 to 4"),
                                    ([4, 1.5, 1], "from 0 to 4")):
            with self.subTest(components=components), tempfile.TemporaryDirectory() as tmp, \
                    self.assertRaisesRegex(ValueError, message):
                export.export_model(tiny("transformer"), os.path.join(tmp, "m.onnx"), real_genes=3,
                                    components_per_gene=components)

    def test_unconditional_export_has_no_label_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            m = onnx.load(export.export_model(tiny("transformer"), os.path.join(tmp, "m.onnx")))
        self.assertEqual([i.name for i in m.graph.input], ["x", "t"])
        self.assertNotIn("gdw.num_classes", {p.key for p in m.metadata_props})

    def test_rejects_values_outside_the_contract(self):
        with tempfile.TemporaryDirectory() as tmp, self.assertRaises(ValueError):
            export.export_backbone(tiny("baseline"), os.path.join(tmp, "m.onnx"), genes=13, channels=4, family="unet")


def write_bundle(folder: str, n: int = 96, genes: int = 12, channels: int = 4, real_genes: int = 10) -> None:
    """A small bundle in the layout of src/core/encode/bundle.ts: low-rank data, two classes, padding."""
    rng = np.random.default_rng(0)
    mask = np.zeros((genes, channels), np.float32)
    mask[:real_genes] = 1
    mask[real_genes - 1, 2:] = 0  # a real gene with fewer components
    labels = (np.arange(n) % 2).astype(np.int64)
    basis = rng.standard_normal((3, genes * channels))
    x = (rng.standard_normal((n, 3)) + labels[:, None]) @ basis / np.sqrt(3)
    tensor = (x.reshape(n, genes, channels) * mask).astype(np.float32)
    split = np.zeros(n, np.uint8)
    split[-16:] = 1
    np.save(os.path.join(folder, "tensor.npy"), tensor)
    np.save(os.path.join(folder, "labels.npy"), labels.astype(np.int8))
    np.save(os.path.join(folder, "split.npy"), split)
    layout = {"format": "gdw-dataset-bundle", "version": 1, "sampleCount": n, "geneSlots": genes,
              "componentsPerGene": channels, "realGenes": real_genes, "mask": mask.astype(int).tolist(),
              "labels": {"file": "labels.npy", "dtype": "int8", "classNames": ["control", "case"], "missing": -1},
              "codecSha256": "cd" * 32}
    with open(os.path.join(folder, "layout.json"), "w") as f:
        json.dump(layout, f)


def train_quietly(argv: list) -> str:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return train.train(train.parse_args(argv))


def read_metrics(run_dir: str) -> tuple:
    with open(os.path.join(run_dir, "metrics.csv")) as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


class BundleTests(unittest.TestCase):
    def test_components_per_gene_come_from_a_slot_mask(self):
        from gdw_models.bundle import slot_mask_components
        mask = np.zeros((5, 4), np.float32)
        mask[0], mask[1, :1], mask[2, :3] = 1, 1, 1
        self.assertEqual(slot_mask_components(mask, 3), [4, 1, 3])
        self.assertEqual(slot_mask_components(mask, 4), [4, 1, 3, 0])

    def test_other_masks_have_no_components_per_gene(self):
        from gdw_models.bundle import slot_mask_components
        holes = np.ones((3, 4), np.float32)
        holes[1, 1] = 0  # a padded slot before a real one
        self.assertIsNone(slot_mask_components(holes, 3))
        self.assertIsNone(slot_mask_components(np.ones((3, 4), np.float32), 2))  # a "padded" gene with real slots


class TrainTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.bundle = os.path.join(cls.tmp.name, "bundle")
        os.makedirs(cls.bundle)
        write_bundle(cls.bundle)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def common(self, family: str, steps: int, name: str) -> list:
        sizes = [f"--size={k}={json.dumps(v)}" for k, v in TINY_SIZES[family].items()]
        return ["--bundle", self.bundle, "--family", family, "--max-steps", str(steps), "--batch-size", "16",
                "--log-every", "5", "--val-every", "20", "--log-dir", os.path.join(self.tmp.name, "runs"),
                "--name", name, "--threads", "1", *sizes]

    def test_diffusion_training_logs_checkpoints_and_exports(self):
        onnx_path = os.path.join(self.tmp.name, "unet-mlp.onnx")
        run = train_quietly(self.common("unet-mlp", 80, "diffusion") + ["--schedule", "cosine", "--timesteps", "500",
                                                                        "--export", onnx_path])
        header, rows = read_metrics(run)
        self.assertEqual(header, ["epoch", "step", "train_loss", "val_loss", "val_recon_error"])
        train_losses = [float(r["train_loss"]) for r in rows if r["train_loss"]]
        vals = [r for r in rows if r["val_loss"]]
        self.assertEqual(len(train_losses), 16)
        self.assertEqual([int(r["step"]) for r in vals], [19, 39, 59, 79])
        self.assertTrue(all(np.isfinite(float(r["val_recon_error"])) for r in vals))
        self.assertLess(train_losses[-1], train_losses[0])
        self.assertTrue(os.path.exists(os.path.join(run, "hparams.yaml")))
        ckpt = torch.load(os.path.join(run, "checkpoints", "epoch=15-step=80.ckpt"))
        self.assertEqual(ckpt["hyper_parameters"]["model"]["num_classes"], 2)
        meta = {p.key: p.value for p in onnx.load(onnx_path).metadata_props}
        self.assertEqual((meta["gdw.genes"], meta["gdw.codec_sha256"], meta["gdw.schedule"]), ("10", "cd" * 32, "cosine"))
        # The bundle's per-component mask travels with the model: its last real gene has 2 of 4 components.
        self.assertEqual(meta["gdw.components"], "4,4,4,4,4,4,4,4,4,2")
        self.assertEqual(ckpt["hyper_parameters"]["components_per_gene"], [4] * 9 + [2])
        # export.py rebuilds the same model from the checkpoint.
        again = os.path.join(self.tmp.name, "again.onnx")
        with contextlib.redirect_stdout(io.StringIO()):
            export.main(["--checkpoint", os.path.join(run, "checkpoints", "last.ckpt"), "--out", again])
        self.assertEqual(onnx.load(again).graph.initializer, onnx.load(onnx_path).graph.initializer)

    def test_training_is_seeded(self):
        runs = [train_quietly(self.common("baseline", 6, f"seeded{i}")) for i in range(2)]
        weights = [torch.load(os.path.join(r, "checkpoints", "epoch=1-step=6.ckpt"))["state_dict"] for r in runs]
        for key in weights[0]:
            torch.testing.assert_close(weights[0][key], weights[1][key], rtol=0, atol=0)

    def test_gan_training_logs_and_keeps_padding_zero(self):
        run = train_quietly(self.common("gan-generator", 6, "gan") + ["--n-critic", "2", "--val-every", "3"])
        header, rows = read_metrics(run)
        self.assertTrue({"epoch", "step", "train_loss", "val_loss"} <= set(header))
        ckpt = torch.load(os.path.join(run, "checkpoints", "last.ckpt"))
        model = model_from_config(ckpt["hyper_parameters"]["model"])
        model.load_state_dict(ckpt["state_dict"])
        with torch.no_grad():
            x = model(torch.randn(4, model.latent_dim), torch.tensor([0, 1, 0, 1]))
        self.assertEqual(float(x[:, 10:].abs().max()), 0.0)
        self.assertEqual(float(x[:, 9, 2:].abs().max()), 0.0)


if __name__ == "__main__":
    unittest.main()
