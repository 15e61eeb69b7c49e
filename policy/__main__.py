"""The policy pack's entry point. Constructing a PolicyPack starts the analyzer server, so this file
does nothing else; the rules live in `media_policy_rules` (importable and tested without a server).

    pulumi preview --policy-pack policy
"""

from media_policy_rules import POLICIES
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(name="media-pipeline-baseline", enforcement_level=EnforcementLevel.MANDATORY, policies=POLICIES)
