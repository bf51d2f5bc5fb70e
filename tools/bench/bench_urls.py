"""Every implementation's URLs, side by side in one project."""

from peers import PEERS

urlpatterns = [pattern for peer in PEERS for pattern in peer.urlpatterns]
