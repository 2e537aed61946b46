"""The API token page of the signed-in person (/accounts/tokens/)."""

from django.urls import path

from izlem.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
