"""URLs of the organisation pages."""

from django.urls import path

from izlem.org import views

app_name = "org"
urlpatterns = [
    path("", views.node_list, name="node-list"),
    path("nodes/<int:pk>/", views.node_detail, name="node-detail"),
    path("nodes/<int:pk>/edit/", views.node_edit, name="node-edit"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/new/", views.user_role_new, name="user-role-new"),
    path("assignments/<int:pk>/end/", views.assignment_end, name="assignment-end"),
]
