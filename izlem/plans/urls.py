"""URLs of the plan browser."""

from django.urls import path

from izlem.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
]
