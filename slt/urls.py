from django.contrib import admin
from django.urls import path

admin.site.site_header = "SLT-tiltak – redigering"
admin.site.site_title = "SLT-tiltak"
admin.site.index_title = "Handlingsplan og kontakter"

urlpatterns = [
    path("admin/", admin.site.urls),
]
