"""Private media go through Django's STORAGES, so a deployment can keep them in an S3-compatible store.

The store itself is the edge of the world (a bucket at a provider), so it is moto's in-process S3;
everything on this side — the upload checks, the model, the download view with its access check —
is the app's own code, unchanged.
"""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from dialogue.models import MeetingPaper

PDF = b"%PDF-1.4 bilag i en delt bucket"
BUCKET = "hotspot-private"


@pytest.fixture
def s3_storage(settings, tmp_path):
    with mock_aws():
        boto3.client("s3", region_name="eu-north-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        settings.MEDIA_ROOT = str(tmp_path / "node-disk")  # nothing may land here
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-north-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "location": "private-media",
                    "default_acl": "private",
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="eu-north-1")


def test_a_paper_is_stored_in_the_bucket_and_downloaded_through_the_access_checked_view(
    world, users, client_for, s3_storage, tmp_path
):
    meeting = world["meeting"]
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    response = client_for("chief").post(reverse("dialogue:paper_add", args=[meeting.pk]), {"file": upload})
    assert response.status_code == 302
    paper = MeetingPaper.objects.get()

    keys = [obj["Key"] for obj in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"private-media/{paper.file.name}"]
    assert not (tmp_path / "node-disk").exists()  # not on the web node's disk
    grants = s3_storage.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert grants and not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]  # not public

    download = client_for("coordinator").get(reverse("dialogue:paper_download", args=[paper.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for("stranger").get(reverse("dialogue:paper_download", args=[paper.pk])).status_code == 404
