"""Public home of the method-mutation decorator (the guide's ``rail_django.generators.mutations``).

``from rail_django.generators.mutations import mutation_method`` exposes a model method as a
root mutation; see :mod:`rail_django.core.mutations.method_mutations` for the naming, argument
types, permission and transaction rules.
"""

from rail_django.core.mutations.method_marker import MethodMutation, mutation_method

__all__ = ["MethodMutation", "mutation_method"]
