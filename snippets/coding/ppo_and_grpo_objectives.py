"""PPO's clipped surrogate (Schulman et al., 2017, eq. 7) and GRPO's group-relative objective (Shao et al., 2024,
eqs. 3 and 4, section 4.1.2), for single-token responses, with gradients with respect to the new log-probabilities.

Included, section by section, into docs/coding/ppo-and-grpo-objectives.md.
"""

# --8<-- [start:ppo]
import numpy as np


def ppo_clip_objective(logp_new, logp_old, advantages, eps=0.2):
    """L^CLIP: mean of min(r A, clip(r, 1 - eps, 1 + eps) A) with r = pi_new / pi_old, to be maximized.

    Returns the objective and its gradient with respect to logp_new (d r / d logp_new = r).
    """
    ratio = np.exp(logp_new - logp_old)
    unclipped = ratio * advantages
    clipped = np.clip(ratio, 1 - eps, 1 + eps) * advantages
    objective = np.minimum(unclipped, clipped).mean()
    # The unclipped branch is the minimum, and carries the gradient, unless the ratio has already moved past the
    # bound in the direction the advantage favours: above 1 + eps for A > 0, below 1 - eps for A < 0.
    active = np.where(advantages >= 0, ratio < 1 + eps, ratio > 1 - eps)
    grad = np.where(active, unclipped, 0.0) / ratio.size
    return float(objective), grad


# --8<-- [end:ppo]

# --8<-- [start:grpo]


def group_advantages(rewards, eps=1e-4):
    """GRPO outcome supervision: A_i = (r_i - mean(r)) / std(r) within each prompt's group (one row per prompt).

    A group whose rewards are all equal gets advantages of 0 (eps keeps 0 / 0 away): it carries no signal.
    """
    rewards = np.asarray(rewards, float)
    centered = rewards - rewards.mean(axis=-1, keepdims=True)
    return centered / (rewards.std(axis=-1, keepdims=True) + eps)


def k3_kl(logp_new, logp_ref):
    """The per-sample KL estimator of the GRPO paper (its eq. 4): pi_ref/pi - log(pi_ref/pi) - 1 >= 0.

    Unbiased for KL(pi || pi_ref) when the sample is drawn from pi. Gradient w.r.t. logp_new: 1 - pi_ref/pi.
    """
    log_ratio = logp_ref - logp_new
    return np.exp(log_ratio) - log_ratio - 1, 1 - np.exp(log_ratio)


def grpo_objective(logp_new, logp_old, logp_ref, rewards, eps=0.2, beta=0.04):
    """GRPO (eq. 3) for single-token answers, arrays of shape (prompts, G): clipped surrogate with group-relative
    advantages, minus beta times the k3 KL estimate. Returns the objective (to maximize) and its gradient."""
    advantages = group_advantages(rewards)
    surrogate, grad_surrogate = ppo_clip_objective(logp_new, logp_old, advantages, eps)
    kl, grad_kl = k3_kl(logp_new, logp_ref)
    return surrogate - beta * float(kl.mean()), grad_surrogate - beta * grad_kl / kl.size


# --8<-- [end:grpo]
