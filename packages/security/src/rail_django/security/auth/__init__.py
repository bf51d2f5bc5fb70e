"""JWT authentication for Rail Django: tokens, their server-side state, the middleware that
reads them and the GraphQL login/refresh/logout/register/changePassword mutations and ``me``."""
