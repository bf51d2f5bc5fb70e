"""The policy engine: explicit allow/deny rules with priorities, and the explain API."""

from rail_django.security.policies.access_policy import (
    AccessPolicy,
    PolicyDecision,
    PolicyEffect,
    PolicyRequest,
)
from rail_django.security.policies.policy_manager import PolicyManager, policy_manager

__all__ = [
    "AccessPolicy",
    "PolicyDecision",
    "PolicyEffect",
    "PolicyManager",
    "PolicyRequest",
    "policy_manager",
]
