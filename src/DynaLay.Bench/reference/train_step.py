#!/usr/bin/env python3
"""Plain PyTorch yardstick for `dynalay bench --workload train-step` / `eval-step` (image network).

Same architecture and the same work as DynaLay's ImageNetwork: stem conv3x3-BN-relu (32 ch), three
blocks (32/64/128 ch, stride 2 into blocks 2 and 3) where u = BN(conv3x3(x)) and straight mode is
relu(u); FPI mode iterates z <- relu(u + s * W~ z) a fixed number of times without a graph, W~ the
recurrent 3x3 convolution divided by its operator norm (one power-iteration step per training
forward, sigma computed once per step), then applies f once more with a graph (one-step gradient).
Global average pooling, linear head, cross-entropy, Adam.

    /usr/bin/python3 train_step.py --model 3 --mode train --threads 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride, h, w, scale):
        super().__init__()
        self.inject = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(cout)
        self.recurrent = nn.Parameter(torch.empty(cout, cout, 3, 3))
        nn.init.kaiming_uniform_(self.recurrent, a=5 ** 0.5)
        self.scale = scale
        oh, ow = (h + 2 - 3) // stride + 1, (w + 2 - 3) // stride + 1
        self.out_hw = (oh, ow)
        v = torch.randn(1, cout, oh, ow)
        self.register_buffer("power", v / v.norm())
        self.power_step(30)

    def apply_w(self, v):
        return F.conv2d(v, self.recurrent, padding=1)

    def power_step(self, steps=1):
        with torch.no_grad():
            for _ in range(steps):
                atav = F.conv_transpose2d(self.apply_w(self.power), self.recurrent, padding=1)
                self.power.copy_(atav / (atav.norm() + 1e-12))

    def forward(self, x, fpi, iterations):
        u = self.norm(self.inject(x))
        z = F.relu(u)
        if not fpi:
            return z
        if self.training:
            self.power_step()
        sigma = self.apply_w(self.power).norm()
        weight = self.recurrent * (self.scale / (sigma + 1e-12))
        with torch.no_grad():
            z = z.detach().clone()
            for t in range(1, iterations + 1):
                nxt = F.relu(u + F.conv2d(z, weight, padding=1))
                if t == iterations:
                    # The C# solver reads the last residual per sample; same work here.
                    num = torch.linalg.vector_norm((nxt - z).flatten(1), dim=1)
                    den = torch.linalg.vector_norm(z.flatten(1), dim=1)
                    (num / (den + 1e-6)).tolist()
                z = nxt
        if torch.is_grad_enabled():
            z = F.relu(u + F.conv2d(z, weight, padding=1))
        return z


class ImageNetwork(nn.Module):
    def __init__(self, channels=(32, 64, 128), classes=10, scale=0.5):
        super().__init__()
        self.stem_conv = nn.Conv2d(3, channels[0], 3, padding=1, bias=False)
        self.stem_norm = nn.BatchNorm2d(channels[0])
        blocks, c, h, w = [], channels[0], 32, 32
        for k, cout in enumerate(channels):
            b = Block(c, cout, 1 if k == 0 else 2, h, w, scale)
            blocks.append(b)
            c, (h, w) = cout, b.out_hw
        self.blocks = nn.ModuleList(blocks)
        self.head = nn.Linear(c, classes)

    def forward(self, x, fpi, iterations):
        a = F.relu(self.stem_norm(self.stem_conv(x)))
        for b in self.blocks:
            a = b(a, fpi, iterations)
        return self.head(a.mean(dim=(2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", type=int, choices=(0, 3), default=3)
    p.add_argument("--mode", choices=("train", "eval"), default="train")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = ImageNetwork()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(a.batch, 3, 32, 32)
    y = torch.randint(0, 10, (a.batch,))
    fpi = a.model == 3

    def step():
        if a.mode == "train":
            opt.zero_grad()
            loss = F.cross_entropy(net(x, fpi, a.iterations), y)
            loss.backward()
            opt.step()
        else:
            with torch.no_grad():
                net(x, fpi, a.iterations)

    net.train(a.mode == "train")
    for _ in range(a.warmup):
        step()
    samples = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        samples.append(1000.0 * (time.perf_counter() - t0) / a.steps)
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(), "model": a.model, "mode": a.mode,
        "batch": a.batch, "median_ms": statistics.median(samples), "min_ms": min(samples), "max_ms": max(samples),
    }))


if __name__ == "__main__":
    main()
