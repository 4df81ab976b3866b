#!/usr/bin/env python3
"""Writes the two tiny GGUF models the real-server tests load, since no weights can be fetched here.

    make_models.py OUT_DIR

writes OUT_DIR/random.gguf and OUT_DIR/scripted.gguf and prints their paths.

Both are llama-architecture models (2 layers, hidden size 64, 4 heads, F32) with a SentencePiece
("llama") vocabulary of control tokens, the 256 byte tokens and printable ASCII, and a ChatML chat
template, so llama.cpp's servers load them like any chat model and run their real template,
tokenizer, sampler and HTTP layer. The template has Qwen3's `enable_thinking` switch, so a test can
see whether a server hands `chat_template_kwargs` to it.

- random.gguf has seeded random weights: it writes noise, which is what a test of "whatever the
  model writes, the run ends cleanly" needs.
- scripted.gguf writes one chosen reply whatever it is asked. Its attention output and FFN down
  projections are zero, so the residual stream is the current token's embedding and the logits are
  W_out . rmsnorm(embedding(current token)): a bigram machine. The reply is cut into chunks that each
  occur once and become vocabulary pieces of their own, the chain starts at the last token of every
  ChatML prompt (the byte token of its final "\\n"), and W_out makes each chunk's successor win by
  a wide margin, ending on <|im_end|>. Greedy decoding, and sampling at any ordinary temperature,
  follows the chain.

Needs numpy and gguf (PyPI's `gguf`, or llama.cpp's gguf-py on PYTHONPATH).
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import gguf

HIDDEN = 64
LAYERS = 2
HEADS = 4
FEED_FORWARD = 128
CONTEXT = 8192
CHUNK = 4
# Logit of a chain token's successor; every other logit is 0 for chain tokens, so the successor's
# probability stays ~1 even at temperature 2.
MARGIN = 200.0

CONTROL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
# With enable_thinking false the prompt grows by an empty think block, as Qwen3's does; it still
# ends on "\n", where the scripted chain starts.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
    "{% if enable_thinking is defined and enable_thinking is false %}{{ '<think>\\n\\n</think>\\n\\n' }}{% endif %}"
    "{% endif %}"
)
# The reply scripted.gguf writes to every request. It serves both of Winnow's readers: the
# direct-answer reader takes the ```json table, the program reader the ```python block. For the
# tests' task (reverse every cell below the header), both are right; Winnow's operator inventory has
# no string reversal, so search alone cannot solve it.
REPLY = (
    "```json\n"
    '[["word"], ["desserts"], ["reward"]]\n'
    "```\n"
    "\n"
    "```python\n"
    "def transform(table):\n"
    "    return table[:1] + [[c[::-1] for c in r] for r in table[1:]]\n"
    "```\n"
)

SPACE = "\u2581"  # SentencePiece's escaped space


def base_vocabulary():
    """Control tokens, byte tokens and printable ASCII (space written as U+2581)."""
    pieces, types = [], []
    for piece in CONTROL:
        pieces.append(piece)
        types.append(gguf.TokenType.UNKNOWN if piece == "<unk>" else gguf.TokenType.CONTROL)
    for byte in range(256):
        pieces.append(f"<0x{byte:02X}>")
        types.append(gguf.TokenType.BYTE)
    for code in range(0x21, 0x7F):
        pieces.append(chr(code))
        types.append(gguf.TokenType.NORMAL)
    pieces.append(SPACE)
    types.append(gguf.TokenType.NORMAL)
    return pieces, types


def chunks(reply):
    """Cuts the reply into pieces of at least 3 characters that each occur once.

    At least 3 characters, and no 2-character pieces in the vocabulary, means SentencePiece's merge
    step can never build a chunk from a prompt's characters: prompts still tokenize character by
    character, and every prompt still ends on the byte token of its last "\\n".
    """
    text = reply.replace(" ", SPACE)
    out, seen, start = [], set(), 0
    while start < len(text):
        end = min(start + CHUNK, len(text))
        while end < len(text) and text[start:end] in seen:
            end += 1
        out.append(text[start:end])
        seen.add(text[start:end])
        start = end
    while len(out) > 1 and len(out[-1]) < 3:
        tail = out.pop()
        seen.discard(tail)
        seen.discard(out[-1])
        out[-1] += tail
        seen.add(out[-1])
    if len(set(out)) != len(out) or any(len(piece) < 3 for piece in out):
        raise SystemExit(f"make_models.py: cannot cut the reply into distinct chunks of 3+ characters: {out}")
    return out


def write_model(path, pieces, types, tensors):
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(path.stem)
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(HIDDEN)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FEED_FORWARD)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(HIDDEN // HEADS)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(pieces)
    writer.add_token_scores([0.0] * len(pieces))
    writer.add_token_types([int(t) for t in types])
    writer.add_unk_token_id(CONTROL.index("<unk>"))
    writer.add_bos_token_id(CONTROL.index("<s>"))
    writer.add_eos_token_id(CONTROL.index("<|im_end|>"))
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_add_space_prefix(False)
    writer.add_chat_template(CHAT_TEMPLATE)
    for name, value in tensors.items():
        writer.add_tensor(name, np.ascontiguousarray(value, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def random_tensors(rng, vocabulary, scripted):
    """Every tensor of the model; with `scripted`, the two projections into the residual stream are zero."""
    def matrix(rows, cols):
        return rng.standard_normal((rows, cols)).astype(np.float32) / np.sqrt(cols)

    tensors = {
        "token_embd.weight": rng.standard_normal((vocabulary, HIDDEN)).astype(np.float32),
        "output_norm.weight": np.ones(HIDDEN, dtype=np.float32),
        "output.weight": matrix(vocabulary, HIDDEN) * 8.0,
    }
    for layer in range(LAYERS):
        block = f"blk.{layer}."
        tensors[block + "attn_norm.weight"] = np.ones(HIDDEN, dtype=np.float32)
        tensors[block + "ffn_norm.weight"] = np.ones(HIDDEN, dtype=np.float32)
        for name in ["attn_q", "attn_k", "attn_v", "attn_output"]:
            tensors[block + name + ".weight"] = matrix(HIDDEN, HIDDEN)
        tensors[block + "ffn_gate.weight"] = matrix(FEED_FORWARD, HIDDEN)
        tensors[block + "ffn_up.weight"] = matrix(FEED_FORWARD, HIDDEN)
        tensors[block + "ffn_down.weight"] = matrix(HIDDEN, FEED_FORWARD)
        if scripted:
            tensors[block + "attn_output.weight"] = np.zeros((HIDDEN, HIDDEN), dtype=np.float32)
            tensors[block + "ffn_down.weight"] = np.zeros((HIDDEN, FEED_FORWARD), dtype=np.float32)
    return tensors


def scripted_model(rng, reply):
    pieces, types = base_vocabulary()
    reply_chunks = chunks(reply)
    if len(reply_chunks) + 1 > HIDDEN:
        raise SystemExit(f"make_models.py: the reply needs {len(reply_chunks)} chunks; at most {HIDDEN - 1} fit")
    first_chunk = len(pieces)
    for piece in reply_chunks:
        pieces.append(piece)
        types.append(gguf.TokenType.NORMAL)
    tensors = random_tensors(rng, len(pieces), scripted=True)
    newline = len(CONTROL) + 0x0A
    chain = [newline] + list(range(first_chunk, first_chunk + len(reply_chunks))) + [CONTROL.index("<|im_end|>")]
    # Chain tokens get orthogonal embeddings (rows of a scaled identity), so after rmsnorm each is
    # sqrt(HIDDEN) * e_k and no chain token leaks logit mass onto another's successor.
    embedding = tensors["token_embd.weight"]
    output = np.zeros((len(pieces), HIDDEN), dtype=np.float32)
    for slot, (token, successor) in enumerate(zip(chain, chain[1:])):
        embedding[token] = 0.0
        embedding[token, slot] = 1.0
        output[successor, slot] = MARGIN / np.sqrt(HIDDEN)
    tensors["output.weight"] = output
    return pieces, types, tensors


def main():
    parser = argparse.ArgumentParser(description="Write random.gguf and scripted.gguf for the real-server tests.")
    parser.add_argument("out", type=Path)
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)

    rng = np.random.default_rng(16)
    pieces, types = base_vocabulary()
    random_path = arguments.out / "random.gguf"
    write_model(random_path, pieces, types, random_tensors(rng, len(pieces), scripted=False))

    scripted_path = arguments.out / "scripted.gguf"
    write_model(scripted_path, *scripted_model(rng, REPLY))
    print(random_path)
    print(scripted_path)


if __name__ == "__main__":
    sys.exit(main())
