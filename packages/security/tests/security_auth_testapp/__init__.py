"""Test app of the authentication tests (installed by the root conftest; it also puts this
tests folder on ``sys.path`` so the tests can import ``security_auth_client``)."""
