"""Tests of the memorisation-test subsets (train.py --subset-*), LoRA and finetune.py.
Run: /usr/bin/python3 -m unittest discover models/tests"""
from __future__ import annotations

import contextlib
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
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import finetune  # noqa: E402
from export import main as export_main  # noqa: E402
import parity  # noqa: E402
from gdw_models import TINY_SIZES, build_model, diffusion_loss, make_schedule  # noqa: E402
from gdw_models.lora import LoRALinear, apply_lora, merge_lora, trainable_parameters  # noqa: E402
from gdw_models.subsets import SubsetError, parse_rows, select_training_rows  # noqa: E402
from test_models import train_quietly, write_bundle  # noqa: E402

torch.set_num_threads(1)


def quietly(fn, *args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return fn(*args)


def final_checkpoint(run: str) -> str:
    """The run's epoch=E-step=S.ckpt (the one written at the end)."""
    (name,) = [n for n in os.listdir(os.path.join(run, "checkpoints")) if n.startswith("epoch=")]
    return os.path.join(run, "checkpoints", name)


class SubsetTests(unittest.TestCase):
    train_idx = np.arange(3, 103, dtype=np.int64)  # 100 training rows that are not rows 0 … 99

    def test_halves_are_disjoint_and_cover_the_split(self):
        a = select_training_rows(self.train_idx, "A", seed=7).rows
        b = select_training_rows(self.train_idx, "B", seed=7).rows
        self.assertEqual((len(a), len(b)), (50, 50))
        self.assertEqual(len(np.intersect1d(a, b)), 0)
        np.testing.assert_array_equal(np.union1d(a, b), self.train_idx)
        self.assertTrue(np.all(np.diff(a) > 0))

    def test_sizes_and_offsets_draw_disjoint_parts_of_one_seeded_order(self):
        first = select_training_rows(self.train_idx, "B", size=20, seed=7).rows
        second = select_training_rows(self.train_idx, "B", size=20, offset=20, seed=7).rows
        half_b = select_training_rows(self.train_idx, "B", seed=7).rows
        self.assertEqual(len(np.intersect1d(first, second)), 0)
        self.assertTrue(set(first) | set(second) <= set(half_b))
        np.testing.assert_array_equal(select_training_rows(self.train_idx, None, size=30, seed=7).rows,
                                      select_training_rows(self.train_idx, None, size=30, seed=7).rows)
        self.assertFalse(np.array_equal(select_training_rows(self.train_idx, None, size=30, seed=7).rows,
                                        select_training_rows(self.train_idx, None, size=30, seed=8).rows))
        np.testing.assert_array_equal(select_training_rows(self.train_idx).rows, self.train_idx)

    def test_a_subset_larger_than_its_part_is_refused_naming_the_part(self):
        with self.assertRaisesRegex(SubsetError, r"half A of the training split has 50 rows .*offset \+ size ≤ 50"):
            select_training_rows(self.train_idx, "A", size=51)
        with self.assertRaisesRegex(SubsetError, "training split has 100 rows"):
            select_training_rows(self.train_idx, None, size=90, offset=20)
        with self.assertRaisesRegex(SubsetError, "expected A or B"):
            select_training_rows(self.train_idx, "C")

    def test_metadata_records_rows_and_recipe(self):
        subset = select_training_rows(self.train_idx, "A", size=5, seed=1)
        meta = subset.metadata()
        np.testing.assert_array_equal(parse_rows(meta["gdw.train_rows"]), subset.rows)
        self.assertEqual(json.loads(meta["gdw.train_subset"]),
                         {"half": "A", "size": 5, "offset": 0, "seed": 1, "rows": 5, "split_rows": 100})


class LoraTests(unittest.TestCase):
    def model(self):
        torch.manual_seed(0)
        return build_model("unet-mlp", 12, 4, 2, **TINY_SIZES["unet-mlp"]).eval()

    def inputs(self):
        gen = torch.Generator().manual_seed(1)
        return torch.randn(5, 12, 4, generator=gen), torch.tensor([0, 1, 250, 700, 999]), torch.tensor([0, 1, 2, 1, 0])

    def trained_lora(self, rank: int):
        model = self.model()
        base = {k: v.clone() for k, v in model.state_dict().items()}
        wrapped = apply_lora(model, rank, alpha=2.0 * rank)
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-2)
        schedule = make_schedule("linear", 1000)
        gen = torch.Generator().manual_seed(2)
        x0 = torch.randn(16, 12, 4, generator=gen)
        model.train()
        for _ in range(20):
            loss = diffusion_loss(model, schedule, x0, torch.randint(0, 2, (16,), generator=gen), None, gen)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return model.eval(), base, wrapped

    def test_a_fresh_adapter_leaves_the_model_unchanged_and_trains_only_the_low_rank_factors(self):
        model = self.model()
        x, t, y = self.inputs()
        with torch.no_grad():
            before = model(x, t, y)
        wrapped = apply_lora(model, 3, 3.0)
        with torch.no_grad():
            after = model(x, t, y)
        torch.testing.assert_close(after, before, rtol=0, atol=0)
        linears = [m for m in model.modules() if isinstance(m, LoRALinear)]
        self.assertEqual(len(linears), wrapped)
        self.assertGreater(wrapped, 5)
        self.assertEqual(trainable_parameters(model), sum(3 * (m.base.in_features + m.base.out_features) for m in linears))

    def test_training_changes_only_rank_r_deltas(self):
        rank = 2
        model, base, _ = self.trained_lora(rank)
        changed = 0
        for name, module in model.named_modules():
            if isinstance(module, LoRALinear):
                delta = module.delta().detach()
                self.assertLessEqual(int(torch.linalg.matrix_rank(delta)), rank, name)
                changed += int(delta.abs().max() > 0)
                torch.testing.assert_close(module.base.weight, base[f"{name}.weight"], rtol=0, atol=0)
        self.assertGreater(changed, 0)
        # Everything that is not a LoRA factor (per-gene dense, norms, class table) kept its value.
        for key, value in model.state_dict().items():
            if "lora_" in key:
                continue
            torch.testing.assert_close(value, base[key.replace(".base.", ".")], rtol=0, atol=0, msg=key)

    def test_merging_keeps_the_forward_to_float_tolerance_and_the_base_graph(self):
        model, base, _ = self.trained_lora(4)
        x, t, y = self.inputs()
        with torch.no_grad():
            unmerged = model(x, t, y)
        self.assertGreater(merge_lora(model), 0)
        self.assertFalse(any(isinstance(m, LoRALinear) for m in model.modules()))
        self.assertEqual(set(model.state_dict()), set(base))
        with torch.no_grad():
            merged = model(x, t, y)
        torch.testing.assert_close(merged, unmerged, rtol=1e-5, atol=1e-5)

    @unittest.skipUnless(os.path.exists(os.path.join(parity.REPO, "node_modules", ".bin", "tsx")), "needs npm ci (tsx)")
    def test_merged_export_equals_the_unmerged_forward_in_the_workbench_engine(self):
        model, _, _ = self.trained_lora(4)
        reference = self.model()
        apply_lora(reference, 4, 8.0)
        reference.load_state_dict(model.state_dict())  # an unmerged copy of the trained adapter
        merge_lora(model)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "merged.onnx")
            quietly(lambda: parity.export_model(model, path))
            case = parity.Case("lora", reference.eval(), parity._expect(model, {}, 12))
            result = parity.verify_case(case, path, tmp)
        self.assertTrue(result.ok, result.problems)
        self.assertLessEqual(result.max_abs_diff, parity.TOLERANCE * max(1.0, result.scale))


class FinetuneTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.bundle = os.path.join(cls.tmp.name, "bundle")
        os.makedirs(cls.bundle)
        write_bundle(cls.bundle)  # 96 rows, 80 train
        sizes = [f"--size={k}={json.dumps(v)}" for k, v in TINY_SIZES["unet-mlp"].items()]
        cls.common = ["--bundle", cls.bundle, "--log-dir", os.path.join(cls.tmp.name, "runs"), "--threads", "1",
                      "--batch-size", "16", "--val-every", "1000", "--log-every", "5"]
        cls.base_run = train_quietly(["--family", "unet-mlp", "--max-steps", "30", "--name", "base",
                                      "--subset-half", "A", "--subset-seed", "3", *sizes, *cls.common])
        cls.base_ckpt = final_checkpoint(cls.base_run)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_train_records_its_subset_in_checkpoint_and_export(self):
        path = os.path.join(self.tmp.name, "half.onnx")
        sizes = [f"--size={k}={json.dumps(v)}" for k, v in TINY_SIZES["unet-mlp"].items()]
        run = train_quietly(["--family", "unet-mlp", "--max-steps", "2", "--name", "half", "--subset-half", "B",
                             "--subset-size", "10", "--subset-offset", "5", "--subset-seed", "3", "--export", path,
                             *sizes, *self.common])
        meta = {p.key: p.value for p in onnx.load(path).metadata_props}
        rows = parse_rows(meta["gdw.train_rows"])
        expected = select_training_rows(np.arange(80), "B", 10, 5, 3).rows
        np.testing.assert_array_equal(rows, expected)
        self.assertEqual(json.loads(meta["gdw.train_subset"])["half"], "B")
        hp = torch.load(final_checkpoint(run))["hyper_parameters"]
        self.assertEqual(hp["export_metadata"]["gdw.train_rows"], meta["gdw.train_rows"])
        # export.py --checkpoint writes the same record.
        again = os.path.join(self.tmp.name, "half-again.onnx")
        quietly(export_main, ["--checkpoint", final_checkpoint(run), "--out", again])
        again_meta = {p.key: p.value for p in onnx.load(again).metadata_props}
        self.assertEqual((again_meta["gdw.train_rows"], again_meta["gdw.train_subset"]),
                         (meta["gdw.train_rows"], meta["gdw.train_subset"]))

    def test_train_refuses_a_subset_larger_than_the_split(self):
        with self.assertRaisesRegex(SubsetError, "training split has 80 rows"):
            train_quietly(["--family", "baseline", "--max-steps", "1", "--subset-size", "81", *self.common])

    def tune(self, method: str, name: str, steps: int, *extra) -> tuple:
        path = os.path.join(self.tmp.name, f"{name}.onnx")
        args = finetune.parse_args(["--checkpoint", self.base_ckpt, "--method", method, "--max-steps", str(steps),
                                    "--name", name, "--subset-half", "B", "--subset-size", "12", "--subset-seed", "3",
                                    "--export", path, *self.common, *extra])
        return quietly(finetune.finetune, args), path

    def small_set_loss(self, model) -> float:
        """ε-MSE on the 12 fine-tuning rows at fixed t and noise (eval mode)."""
        bundle = finetune.load_bundle(self.bundle)
        rows = select_training_rows(bundle.indices(0), "B", 12, 0, 3).rows
        x0, y = torch.from_numpy(np.ascontiguousarray(bundle.tensor[rows])), torch.from_numpy(bundle.labels[rows])
        schedule = make_schedule("linear", 1000)
        gen = torch.Generator().manual_seed(5)
        model.eval()
        with torch.no_grad():
            losses = [diffusion_loss(model, schedule, x0, y, torch.from_numpy(bundle.mask), gen).item() for _ in range(20)]
        return float(np.mean(losses))

    def test_full_finetuning_lowers_the_loss_on_the_small_set(self):
        base, _ = finetune.load_base(self.base_ckpt)
        run, path = self.tune("full", "full", 60, "--lr", "3e-3")
        tuned, _ = finetune.load_base(final_checkpoint(run))
        self.assertLess(self.small_set_loss(tuned), self.small_set_loss(base))
        meta = {p.key: p.value for p in onnx.load(path).metadata_props}
        record = json.loads(meta["gdw.finetune"])
        self.assertEqual((record["method"], record["rank"], record["base_train_rows"]), ("full", None, 40))
        self.assertEqual(len(parse_rows(meta["gdw.train_rows"])), 12)

    def test_lora_finetuning_exports_the_base_graph_with_merged_weights(self):
        base, _ = finetune.load_base(self.base_ckpt)
        run, path = self.tune("lora", "lora", 20, "--rank", "2", "--alpha", "4")
        tuned, _ = finetune.load_base(final_checkpoint(run))
        graph = onnx.load(path)
        names = {i.name for i in graph.graph.initializer}
        self.assertFalse(any("lora" in n for n in names))
        meta = {p.key: p.value for p in graph.metadata_props}
        record = json.loads(meta["gdw.finetune"])
        self.assertEqual((record["method"], record["rank"], record["alpha"]), ("lora", 2, 4.0))
        self.assertLess(record["trainable_parameters"], record["parameters"] / 5)
        # Only the linear layers moved, and each by a rank-2 delta.
        tuned_state, base_state = tuned.state_dict(), base.state_dict()
        moved = 0
        for key, value in base_state.items():
            module = tuned.get_submodule(key.rsplit(".", 1)[0])
            if isinstance(module, torch.nn.Linear) and key.endswith(".weight"):
                delta = tuned_state[key] - value
                self.assertLessEqual(int(torch.linalg.matrix_rank(delta, atol=1e-6)), 2, key)
                moved += int(delta.abs().max() > 0)
            else:
                torch.testing.assert_close(tuned_state[key], value, rtol=0, atol=0, msg=key)
        self.assertGreater(moved, 0)

    def test_adapts_to_another_cohort_of_the_same_shape_and_records_both_codecs(self):
        small = os.path.join(self.tmp.name, "small")
        os.makedirs(small, exist_ok=True)
        write_bundle(small, n=40)
        with open(os.path.join(small, "layout.json")) as f:
            layout = json.load(f)
        layout["codecSha256"] = "ef" * 32
        with open(os.path.join(small, "layout.json"), "w") as f:
            json.dump(layout, f)
        path = os.path.join(self.tmp.name, "small.onnx")
        args = finetune.parse_args(["--checkpoint", self.base_ckpt, "--bundle", small, "--method", "lora", "--max-steps", "3",
                                    "--log-dir", os.path.join(self.tmp.name, "runs"), "--threads", "1", "--export", path])
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            finetune.finetune(args)
        self.assertIn(f"the base was trained on codec {'cd' * 32}", err.getvalue())
        meta = {p.key: p.value for p in onnx.load(path).metadata_props}
        self.assertEqual(meta["gdw.codec_sha256"], "ef" * 32)
        self.assertEqual(json.loads(meta["gdw.finetune"])["base_codec_sha256"], "cd" * 32)
        self.assertEqual(len(parse_rows(meta["gdw.train_rows"])), 24)  # the small bundle's whole training split

    def test_a_bundle_of_another_shape_is_refused(self):
        other = os.path.join(self.tmp.name, "other")
        os.makedirs(other, exist_ok=True)
        write_bundle(other, genes=14)
        args = finetune.parse_args(["--checkpoint", self.base_ckpt, "--bundle", other, "--method", "lora"])
        with self.assertRaisesRegex(finetune.FinetuneError, r"\[N, 14, 4\], but the base model takes \[B, 12, 4\]"):
            quietly(finetune.finetune, args)


if __name__ == "__main__":
    unittest.main()
