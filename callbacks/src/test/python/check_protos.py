"""Checks that the extracted .proto files describe exactly what the tensorboard wheel's descriptors do.

    cd callbacks/src/main/proto && protoc --include_imports --descriptor_set_out=/tmp/ds.pb tensorboard/compat/proto/*.proto
    /work/venv/bin/python ../../test/python/check_protos.py /tmp/ds.pb

Options (java_package etc.) and json_name (which protoc fills in and the wheel leaves out) are
ignored; every message, field, number, type, label, oneof, enum and import must be identical.
"""
import importlib
import sys

from google.protobuf import descriptor_pb2 as dp


def strip(m):
    for f in m.field:
        f.ClearField("json_name")
    for n in m.nested_type:
        strip(n)


def main(path):
    ds = dp.FileDescriptorSet()
    with open(path, "rb") as fh:
        ds.ParseFromString(fh.read())
    ok = True
    for f in ds.file:
        mod = importlib.import_module(f.name.replace("/", ".")[:-len(".proto")] + "_pb2")
        w = dp.FileDescriptorProto()
        mod.DESCRIPTOR.CopyToProto(w)
        for x in (f, w):
            x.ClearField("options")
            x.ClearField("source_code_info")
            for m in x.message_type:
                strip(m)
        same = f.SerializeToString(deterministic=True) == w.SerializeToString(deterministic=True)
        print(f.name, "identical" if same else "DIFFERENT")
        ok &= same
    print("all identical to the tensorboard wheel" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
