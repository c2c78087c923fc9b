"""Tiny CNN embedding networks for camsearch's bundle fixtures and exporter tests.

Kept in their own module so that pickled instances can be unpickled by
export_bundle.py's --model path (pickle stores the class by module name).
"""

import torch
from torch import nn


class TinyEmbeddingNet(nn.Module):
    """3 x 32 x 32 -> A: 8 x 8 x 8 -> y: 6.

    head "linear": GAP -> Linear(8, 6), the gap-linear case with a closed-form CAM basis.
    head "mlp": GAP -> Linear(8, 16) -> ReLU -> Linear(16, 6), a non-linear head whose
    channel weights depend on the image and need autograd.
    """

    def __init__(self, head="linear"):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(8, 8, kernel_size=3, stride=2, padding=1), nn.ReLU(),
        )
        if head == "linear":
            tail = [nn.Linear(8, 6)]
        elif head == "mlp":
            tail = [nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 6)]
        else:
            raise ValueError(f"unknown head {head!r}")
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(1), *tail)

    def forward(self, x):
        return self.head(self.features(x))


class TorchvisionStyleNet(nn.Module):
    """Children in forward order with a functional flatten, like torchvision's ResNet,
    plus BatchNorm and Dropout so that train/eval differences would show."""

    def __init__(self, embedding_dim=5):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.layer1 = nn.Sequential(nn.Conv2d(8, 12, 3, stride=2, padding=1), nn.ReLU())
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Dropout(0.5), nn.Linear(12, embedding_dim))

    def forward(self, x):
        x = self.layer1(self.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class NormalizingNet(TorchvisionStyleNet):
    """forward does more than run its children: cannot be split automatically."""

    def forward(self, x):
        return nn.functional.normalize(super().forward(x), dim=1)


class MaxPoolHeadNet(nn.Module):
    """Affine in each pixel but pooled by max: passes uniform probes, is not gap-linear."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU())
        self.head = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(1), nn.Linear(8, 4))

    def forward(self, x):
        return self.head(self.features(x))
