from django.urls import path

from kontakter import views

urlpatterns = [
    path("er-du-bekymret/", views.bekymret, name="bekymret"),
    path("er-du-bekymret/<slug:slug>/", views.bekymret_tema, name="bekymret_tema"),
]
