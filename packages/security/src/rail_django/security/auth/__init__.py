"""JWT authentication for Rail Django: tokens, their server-side state, the authenticator every
Rail endpoint runs (and the optional middleware for non-Rail views) and the GraphQL
login/refresh/logout/register/changePassword mutations and ``me``."""
