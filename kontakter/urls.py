from django.urls import path

from kontakter import views

urlpatterns = [
    path("er-du-bekymret/", views.bekymret, name="bekymret"),
]
